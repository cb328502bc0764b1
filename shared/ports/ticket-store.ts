import type { CaseState } from '../domain/case.js';
import type { HistoryEntry, Ticket, TicketStatus } from '../domain/ticket.js';
import type { QueueName } from '../queues.js';
import type { OutgoingMessage } from './bus.js';
import type { Delivery } from './delivery-log.js';
import { RelayError } from '../errors.js';

export interface StoredTicket {
  ticket: Ticket;
  etag: string;
  version: number;
}

/** The next message owed by a ticket, stored in the same transaction as the ticket (transactional outbox). */
export interface OutboxEntry {
  queue: QueueName;
  message: OutgoingMessage;
}

/** Rows a step may write besides the ticket: the delivery record of its attempt, and states it passed through. */
export interface StepExtras {
  delivery?: Delivery;
  /** Each is a history row (status and note) between the current version and `next`, in order. */
  through?: { ticket: Ticket; note: string }[];
}

/** An outbox row still owed, and how often the sweeper has republished it already. */
export interface PendingOutbox {
  ticketId: string;
  entry: OutboxEntry;
  etag: string;
  sweeps: number;
}

export interface IdempotencyRecord {
  toolId: string;
  key: string;
  /** sha-256 of the raw request body: the same key with another body is a 422. */
  fingerprint: string;
  ticketId: string;
  response: unknown;
}

export type CreateResult = { kind: 'created'; stored: StoredTicket } | { kind: 'duplicate'; record: IdempotencyRecord };

export interface TicketQuery {
  externalRef?: string;
  status?: TicketStatus;
  caseState?: CaseState;
  since?: Date;
  limit: number;
  cursor?: string;
}

/** Thrown when a conditional write lost a race (HTTP 412): re-read and decide again. */
export class StaleTicketError extends RelayError {
  readonly code = 'STALE_TICKET';
  constructor(ticketId: string) {
    super(`ticket ${ticketId} changed since it was read`);
    this.name = 'StaleTicketError';
  }
}

/** A list cursor the relay did not issue for this caller (garbled, forged, or another partner's). */
export class InvalidCursorError extends RelayError {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('the cursor is not one this API returned for your tickets');
    this.name = 'InvalidCursorError';
  }
}

/** Storage cannot be reached or refused the write for a reason that is not the caller's (maps to 503). */
export class StorageUnavailableError extends RelayError {
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(cause: unknown) {
    super('ticket storage is unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

export interface TicketStore {
  /** Intake: idempotency row, ticket, first history row and outbox row in one transaction. */
  create(ticket: Ticket, idempotency: IdempotencyRecord, outbox: OutboxEntry): Promise<CreateResult>;
  findIdempotency(partnerTenantId: string, toolId: string, key: string): Promise<IdempotencyRecord | null>;
  get(partnerTenantId: string, ticketId: string): Promise<StoredTicket | null>;
  history(partnerTenantId: string, ticketId: string): Promise<HistoryEntry[]>;
  /**
   * One step: ticket (If-Match), a history row, the outbox row and the delivery record if any, in one transaction.
   * `outbox: null` clears it; `'unchanged'` leaves the row as it is (a message still owed by an earlier step stays
   * owed). Throws IllegalTransitionError for a status change the ticket's state machine does not allow.
   */
  advance(
    current: StoredTicket,
    next: Ticket,
    note: string,
    outbox: OutboxEntry | null | 'unchanged',
    extra?: StepExtras,
  ): Promise<StoredTicket>;
  /** Bookkeeping without a step (e.g. when the Azure follow-up polls next): the ticket row only, If-Match, no history. */
  save(current: StoredTicket, next: Ticket): Promise<StoredTicket>;
  list(partnerTenantId: string, query: TicketQuery): Promise<{ items: Ticket[]; cursor: string | null }>;
  /** Tickets whose filing reminder (awaiting-filing) or Azure follow-up poll (filed) is due at `now`, at most `max`. */
  dueCases(partnerTenantId: string, timer: 'reminder' | 'follow-up', now: Date, max: number): Promise<StoredTicket[]>;
  /** Outbox rows still pending and older than `olderThan` (the sweeper republishes them). */
  pendingOutbox(partnerTenantId: string, olderThan: Date, max: number): Promise<PendingOutbox[]>;
  /** Restarts the row's grace period after a republish and counts it, unless the ticket moved on meanwhile (ETag). */
  markSwept(partnerTenantId: string, ticketId: string, etag: string, sweeps: number): Promise<void>;
}
