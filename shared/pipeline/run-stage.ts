import type { Stage, Ticket } from '../domain/ticket.js';
import { DeadLetterError } from '../ports/bus.js';
import type { OutboxEntry, StoredTicket } from '../ports/ticket-store.js';
import { StaleTicketError } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';
import { envelopeSchema, type Envelope } from './envelope.js';

/** What a stage decided for one ticket: its next state, a history note and the message it owes next (if any). */
export interface StepOutcome {
  ticket: Ticket;
  note: string;
  next: OutboxEntry | null;
}

export type StageResult = 'advanced' | 'skipped';

/** Conditional-write races are retried here a few times before the broker redelivers the message. */
const MAX_RACES = 3;

export function parseEnvelope(body: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(asJson(body));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
    throw new DeadLetterError('SchemaValidationFailed', `envelope invalid at: ${where}`.slice(0, 200));
  }
  return parsed.data;
}

/**
 * Depending on how a message was sent (an object, a JSON string, raw bytes), a trigger may hand over the body as an
 * object, a string or a Buffer; all three mean the same envelope.
 */
function asJson(body: unknown): unknown {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : null;
  if (text === null) return body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return body;
  }
}

/**
 * The shape every stage shares: read the ticket, skip if it is already past this stage (a duplicate or a late
 * redelivery), decide, write the step with the ticket's ETag, publish the next message. Publishing after the write
 * can fail or be cut short by a crash; the outbox row written with the step lets the sweeper finish the job.
 */
export async function runStage(
  deps: Deps,
  stage: Stage,
  body: unknown,
  decide: (stored: StoredTicket, envelope: Envelope) => Promise<StepOutcome | null>,
): Promise<StageResult> {
  const envelope = parseEnvelope(body);
  for (let race = 0; race < MAX_RACES; race++) {
    const stored = await deps.tickets.get(envelope.partnerTenantId, envelope.ticketId);
    if (!stored) throw new DeadLetterError('TicketNotFound', `no ticket ${envelope.ticketId} for this partner`);
    if (stored.ticket.nextStage !== stage) return 'skipped';
    const outcome = await decide(stored, envelope);
    if (!outcome) return 'skipped';
    try {
      await deps.tickets.advance(stored, outcome.ticket, outcome.note, outcome.next);
    } catch (error) {
      if (error instanceof StaleTicketError) continue;
      throw error;
    }
    if (outcome.next) await deps.bus.send(outcome.next.queue, [outcome.next.message]).catch(() => undefined);
    return 'advanced';
  }
  throw new Error(`ticket ${envelope.ticketId} kept changing while ${stage} ran; retrying later`);
}

/** The next version of a ticket with `updatedAt` moved to now. */
export function evolve(deps: Deps, ticket: Ticket, changes: Partial<Ticket>): Ticket {
  return { ...ticket, ...changes, updatedAt: deps.clock.now().toISOString() };
}
