import { caseView, timingsOf, type TicketCase, type TicketTimings } from './case.js';
import type { EligibilityResult } from './eligibility/types.js';
import type { Reason } from './reasons.js';
import type { IncidentRef, Route } from './route.js';
import type { CustomerContact, ServiceRequest } from './submission.js';

/** Ticket lifecycle (docs/openapi.json (Ticket)). */
export const TICKET_STATUSES = ['received', 'checked', 'routed', 'recorded', 'notified', 'held', 'closed', 'failed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Decision = 'eligible' | 'ineligible' | 'known-incident';

/** The queue a ticket waits on next; `done` when no stage is owed. A message for any other stage is a stale duplicate. */
export const STAGES = ['eligibility', 'routing', 'recording', 'notifications'] as const;
export type Stage = (typeof STAGES)[number];
export type NextStage = Stage | 'done';

const ALLOWED: Record<TicketStatus, readonly TicketStatus[]> = {
  received: ['checked', 'failed'],
  checked: ['routed', 'held', 'failed'],
  routed: ['recorded', 'failed'],
  recorded: ['notified', 'failed'],
  held: ['closed', 'routed', 'failed'],
  notified: [],
  closed: [],
  failed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** A write that would break the lifecycle above (a bug, not a race): refused before it reaches storage. */
export class IllegalTransitionError extends Error {
  constructor(ticketId: string, from: TicketStatus, to: TicketStatus) {
    super(`ticket ${ticketId} cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Every write of a ticket goes through this: the status may stay or take one of the transitions above. */
export function checkTransition(current: Pick<Ticket, 'ticketId' | 'status'>, next: Pick<Ticket, 'status'>): void {
  if (!canTransition(current.status, next.status)) throw new IllegalTransitionError(current.ticketId, current.status, next.status);
}

export const EVENT_TYPES = [
  'ticket.recorded',
  'ticket.rejected',
  'ticket.held',
  'ticket.incident_resolved',
  'ticket.failed',
  /** Deprecated: replaced by access.at_risk; still sent for one release. */
  'gdap.expiring',
  'access.at_risk',
  'access.restored',
  'incident.detected',
  'incident.updated',
  'incident.resolved',
  'ticket.filed',
  'ticket.filing_overdue',
  'ticket.microsoft_updated',
  'ticket.closed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface QueuedEvent {
  type: EventType;
  id?: string;
  data?: Record<string, unknown>;
}

export interface HistoryEntry {
  at: string;
  status: TicketStatus;
  note: string;
}

/** The stored ticket: the submission plus everything the stages decided. */
export interface Ticket {
  ticketId: string;
  partnerTenantId: string;
  toolId: string;
  correlationId: string;
  request: Omit<ServiceRequest, 'customerContact'>;
  /** Kept for the partner's own use; never copied into `route` or a Microsoft payload. */
  customerContact?: CustomerContact;
  status: TicketStatus;
  nextStage: NextStage;
  decision: Decision | null;
  reasons: Reason[];
  route: Route | null;
  incident: IncidentRef | null;
  customerCanSelfFile: boolean | null;
  /** The eligibility stage's full answer, read by the router. */
  eligibility: EligibilityResult | null;
  /** The outcome event owed to the tool, set by the stage that decided it. */
  pendingEvent: EventType | null;
  /** Set when the type can occur more than once (ticket.microsoft_updated): this occurrence's event id. */
  pendingEventId?: string;
  /** Details of this occurrence, sent as `data.update` beside the ticket view (e.g. Microsoft's new messages). */
  pendingEventData?: Record<string, unknown>;
  /** Events owed after the pending one (a case recorded while ticket.recorded is still being delivered). */
  queuedEvents?: QueuedEvent[];
  /** When routing decided (the first timing of README "After routing: the case"). */
  routedAt?: string;
  case?: TicketCase;
  /**
   * Set when a notification retry (or a replay) is scheduled: the attempt of `event` the ticket now waits for. A
   * redelivered message for an earlier attempt is stale and must not plan the retry a second time.
   */
  awaiting?: { event: EventType; attempt: number };
  /** A stage handler is making an outside call for this ticket until then; another copy of its message waits. */
  claim?: { stage: Stage; until: string; by: string };
  /**
   * The trace the ticket started in (its intake span): messages sent for it outside any span (a case update, a
   * timer, an incident release) carry it, so one ticket stays one trace. Absent when tracing was off at intake.
   */
  trace?: { traceparent: string; tracestate?: string };
  createdAt: string;
  updatedAt: string;
}

/** What callers see (docs/openapi.json (Ticket)). */
export interface TicketView {
  ticketId: string;
  externalRef: string | null;
  partnerTenantId: string;
  customerTenantId: string;
  workload: string;
  service: string | null;
  severity: string;
  status: TicketStatus;
  decision: Decision | null;
  reasons: Reason[];
  route: Route | null;
  incident: IncidentRef | null;
  customerCanSelfFile: boolean | null;
  case: ReturnType<typeof caseView>;
  timings: TicketTimings;
  createdAt: string;
  updatedAt: string;
  history?: HistoryEntry[];
}

export function toView(ticket: Ticket, history?: HistoryEntry[]): TicketView {
  const view: TicketView = {
    ticketId: ticket.ticketId,
    externalRef: ticket.request.externalRef ?? null,
    partnerTenantId: ticket.partnerTenantId,
    customerTenantId: ticket.request.customerTenantId,
    workload: ticket.request.workload,
    service: ticket.request.service ?? null,
    severity: ticket.request.severity,
    status: ticket.status,
    decision: ticket.decision,
    reasons: ticket.reasons,
    route: ticket.route,
    incident: ticket.incident,
    customerCanSelfFile: ticket.customerCanSelfFile,
    case: caseView(ticket.case),
    timings: timingsOf(ticket.createdAt, ticket.routedAt, ticket.case),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
  if (history) view.history = history;
  return view;
}

/**
 * Deterministic event id: the same on every delivery attempt and replay; no '.' (Standard Webhooks signs
 * `id.timestamp.body`). Types that recur on one ticket add the occurrence.
 */
export function eventIdFor(ticketId: string, type: EventType, occurrence?: string | number): string {
  return `evt_${ticketId}_${type.replace('.', '_')}${occurrence === undefined ? '' : `_${occurrence}`}`;
}

/** The id of the event a ticket owes now. */
export function pendingEventIdOf(ticket: Pick<Ticket, 'ticketId' | 'pendingEvent' | 'pendingEventId'>): string | null {
  if (!ticket.pendingEvent) return null;
  return ticket.pendingEventId ?? eventIdFor(ticket.ticketId, ticket.pendingEvent);
}
