import { randomUUID } from 'node:crypto';
import type { Stage, Ticket } from '../domain/ticket.js';
import { DeadLetterError } from '../ports/bus.js';
import type { StoredTicket } from '../ports/ticket-store.js';
import { annotate, ATTRIBUTES, inSpan } from '../tracing/spans.js';
import { StaleTicketError } from '../ports/ticket-store.js';
import { claimTicket, releaseClaim } from './claim.js';
import type { Deps } from './deps.js';
import { envelopeSchema, messageJson, outboxFor, snapshotOf, withSnapshot, type Envelope } from './envelope.js';
import { checkStep, PIPELINE } from './pipeline.js';
import type { HandlingMemory, StepOutcome } from './step.js';

/** `claimed-elsewhere`: another handler holds the ticket's claim for this stage and finishes the step. */
export type StageResult = 'advanced' | 'skipped' | 'claimed-elsewhere';

/** How the broker handed the message over: a redelivery may follow a write whose answer was lost. */
export interface DeliveryInfo {
  deliveryCount: number;
}

/** Conditional-write races are retried here a few times before the broker redelivers the message. */
const MAX_RACES = 3;

export function parseEnvelope(body: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(messageJson(body));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
    throw new DeadLetterError('SchemaValidationFailed', `envelope invalid at: ${where}`.slice(0, 200));
  }
  return parsed.data;
}

/**
 * Every stage, the same way: take the ticket the message carries (or read it), skip if it is already past this stage
 * (a duplicate or a late redelivery), decide, write the step with the ticket's ETag — history, outbox row and any
 * delivery record in the same transaction — then publish the next message with the ticket just written. Publishing
 * can fail or be cut short by a crash; the outbox row lets the sweeper finish the job. A redelivered message is
 * never trusted for its snapshot: its first delivery may have written a step whose answer was lost.
 */
export async function runStage(
  deps: Deps,
  stage: Stage,
  body: unknown,
  delivery: DeliveryInfo = { deliveryCount: 1 },
): Promise<StageResult> {
  const envelope = parseEnvelope(body);
  annotate({ [ATTRIBUTES.ticketId]: envelope.ticketId, [ATTRIBUTES.partnerTenantId]: envelope.partnerTenantId });
  const read = () => deps.tickets.get(envelope.partnerTenantId, envelope.ticketId);
  let stored: StoredTicket | null = (delivery.deliveryCount <= 1 ? snapshotOf(envelope) : null) ?? (await read());
  const memory: HandlingMemory = { calls: new Map() };
  const by = randomUUID();
  for (let race = 0; race < MAX_RACES; race++) {
    if (!stored) throw new DeadLetterError('TicketNotFound', `no ticket ${envelope.ticketId} for this partner`);
    if (stored.ticket.nextStage !== stage) return 'skipped';
    if (PIPELINE[stage].claims) {
      const claimed = await claimTicket(deps, stage, stored, by);
      if (claimed === 'stale') {
        stored = await read();
        continue;
      }
      // Another handler is making this stage's call now: it writes the step, or gives the claim back if it fails;
      // if it stops for good, the ticket's outbox row is still owed and the sweeper sends the message again.
      if (claimed === 'held') return 'claimed-elsewhere';
      stored = claimed;
    }
    const basis = stored;
    const giveBack = async (error: unknown) => {
      await releaseClaim(deps, stage, basis);
      throw error;
    };
    const outcome = await decideThrough(deps, stage, stored, envelope, memory).catch(giveBack);
    if (!outcome) {
      await releaseClaim(deps, stage, stored);
      return 'skipped';
    }
    const next = { ...outcome.ticket, claim: undefined };
    const outbox = outboxFor(next, outcome.retry);
    let written: StoredTicket;
    try {
      const write = () =>
        deps.tickets.advance(stored!, next, outcome.note, outbox, { delivery: outcome.delivery, through: outcome.through });
      // Once an outside call was made, its result lives only in this handler until written: a storage blip is
      // waited out here rather than handing the message back, which would make the call again.
      written = memory.calls.size > 0 ? await withRetries(write) : await write();
    } catch (error) {
      if (!(error instanceof StaleTicketError)) return giveBack(error);
      stored = await read();
      continue;
    }
    if (outbox) await deps.bus.send(outbox.queue, [withSnapshot(outbox, written).message]).catch(() => undefined);
    return 'advanced';
  }
  throw new Error(`ticket ${envelope.ticketId} kept changing while ${stage} ran; retrying later`);
}

const WRITE_RETRY_DELAYS_MS = [100, 500, 2_000];

async function withRetries<T>(write: () => Promise<T>): Promise<T> {
  for (const delay of WRITE_RETRY_DELAYS_MS) {
    try {
      return await write();
    } catch (error) {
      if (error instanceof StaleTicketError) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return write();
}

/**
 * The stage's decision, checked against its row; then, while the stage the ticket is sent to may run inline (it has
 * nothing to call outside), that stage's decision too, in the same step. Each state passed through keeps its history row.
 */
async function decideThrough(
  deps: Deps,
  stage: Stage,
  stored: StoredTicket,
  envelope: Envelope,
  memory: HandlingMemory,
): Promise<StepOutcome | null> {
  let outcome = await PIPELINE[stage].decide(deps, stored, envelope, memory);
  if (!outcome) return null;
  checkStep(stage, stored.ticket, outcome.ticket);
  const through: { ticket: StepOutcome['ticket']; note: string }[] = [];
  for (
    let at = outcome.ticket.nextStage;
    at !== 'done' && at !== stage && PIPELINE[at].inline?.(deps, outcome.ticket);
    at = outcome.ticket.nextStage
  ) {
    const ticket: Ticket = outcome.ticket;
    // A span of its own, child of the running stage's: the trace shows every stage, inline ones too.
    const attributes = {
      [ATTRIBUTES.stage]: at,
      [ATTRIBUTES.inline]: true,
      [ATTRIBUTES.ticketId]: envelope.ticketId,
      [ATTRIBUTES.partnerTenantId]: envelope.partnerTenantId,
    };
    const further: StepOutcome | null = await inSpan(at, { attributes }, () =>
      PIPELINE[at].decide(deps, { ...stored, ticket }, envelope, memory),
    );
    if (!further) break;
    checkStep(at, outcome.ticket, further.ticket);
    through.push({ ticket: outcome.ticket, note: outcome.note });
    outcome = { ...further, through };
  }
  return outcome;
}
