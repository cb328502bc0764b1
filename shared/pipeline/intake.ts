import { createHash } from 'node:crypto';
import { serviceRequestSchema, toFieldErrors } from '../domain/submission.js';
import type { Ticket } from '../domain/ticket.js';
import type { Tool } from '../ports/tool-registry.js';
import { annotate, ATTRIBUTES } from '../tracing/spans.js';
import { currentTrace } from '../tracing/trace-context.js';
import type { Deps } from './deps.js';
import { outboxFor, withSnapshot } from './envelope.js';
import { newCorrelationId, newTicketId } from './ticket-id.js';

/** The answer to a submission; the HTTP function and the queue function map it to their own outputs. */
export type IntakeResult =
  | { kind: 'accepted'; response: AcceptedBody; replayed: boolean }
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'key-reused'; ticketId: string };

export interface AcceptedBody {
  ticketId: string;
  status: 'received';
  statusUrl: string;
}

export interface Submission {
  tool: Pick<Tool, 'toolId' | 'partnerTenantId'>;
  idempotencyKey: string;
  /** The exact bytes received: the idempotency fingerprint is taken over them, not over re-serialised JSON. */
  rawBody: string;
  body: unknown;
}

/**
 * Intake (README "Layout"): validate, then write ticket + idempotency + outbox in one transaction before answering,
 * then publish. A publish failure is not the caller's problem: the outbox sweeper sends it later.
 */
export async function submitServiceRequest(deps: Deps, submission: Submission): Promise<IntakeResult> {
  const { tool, idempotencyKey } = submission;
  const fingerprint = createHash('sha256').update(submission.rawBody).digest('hex');
  const parsed = serviceRequestSchema.safeParse(submission.body);
  if (!parsed.success) {
    // A retry of an already-accepted key still gets its stored answer, even if the schema changed meanwhile.
    const earlier = await deps.tickets.findIdempotency(tool.partnerTenantId, tool.toolId, idempotencyKey);
    if (earlier) return replay(earlier.fingerprint === fingerprint, earlier.response as AcceptedBody, earlier.ticketId);
    return { kind: 'invalid', errors: toFieldErrors(parsed.error) };
  }
  const now = deps.clock.now();
  const { customerContact, ...request } = parsed.data;
  // The intake span: every later message of this ticket is in its trace.
  const trace = currentTrace();
  const ticket: Ticket = {
    ...receivedTicket(
      {
        ticketId: newTicketId(now),
        partnerTenantId: tool.partnerTenantId,
        toolId: tool.toolId,
        correlationId: newCorrelationId(),
        request,
      },
      now,
    ),
    ...(customerContact ? { customerContact } : {}),
    ...(trace ? { trace } : {}),
  };
  const response: AcceptedBody = {
    ticketId: ticket.ticketId,
    status: 'received',
    statusUrl: `/api/v1/service-requests/${ticket.ticketId}`,
  };
  const outbox = outboxFor(ticket)!;
  const created = await deps.tickets.create(
    ticket,
    { toolId: tool.toolId, key: idempotencyKey, fingerprint, ticketId: ticket.ticketId, response },
    outbox,
  );
  const ticketId = created.kind === 'duplicate' ? created.record.ticketId : ticket.ticketId;
  annotate({ [ATTRIBUTES.partnerTenantId]: tool.partnerTenantId, [ATTRIBUTES.ticketId]: ticketId });
  if (created.kind === 'duplicate') {
    const record = created.record;
    return replay(record.fingerprint === fingerprint, record.response as AcceptedBody, record.ticketId);
  }
  await deps.bus.send(outbox.queue, [withSnapshot(outbox, created.stored).message]).catch(() => undefined);
  return { kind: 'accepted', response, replayed: false };
}

/** A ticket as intake first writes it: received, owed to eligibility, nothing decided yet. */
export function receivedTicket(
  fields: Pick<Ticket, 'ticketId' | 'partnerTenantId' | 'toolId' | 'correlationId' | 'request'>,
  now: Date,
): Ticket {
  return {
    ...fields,
    status: 'received',
    nextStage: 'eligibility',
    decision: null,
    reasons: [],
    route: null,
    incident: null,
    customerCanSelfFile: null,
    eligibility: null,
    pendingEvent: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

function replay(sameBody: boolean, response: AcceptedBody, ticketId: string): IntakeResult {
  return sameBody ? { kind: 'accepted', response, replayed: true } : { kind: 'key-reused', ticketId };
}
