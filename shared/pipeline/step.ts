import type { Ticket } from '../domain/ticket.js';
import type { Delivery } from '../ports/delivery-log.js';
import type { StoredTicket } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';
import type { Envelope } from './envelope.js';

/**
 * What a stage decided for one ticket: its next state (whose `nextStage` names the queue owed next, if any) and a
 * history note. `retry` schedules the next notifications attempt; `delivery` is written in the same transaction.
 */
export interface StepOutcome {
  ticket: Ticket;
  note: string;
  retry?: { attempt: number; at: Date };
  delivery?: Delivery;
  /** States passed through on the way, each a history row of its own (a stage run inline by the stage before). */
  through?: { ticket: Ticket; note: string }[];
}

/**
 * What one handling of a message remembers across its write races: outside calls already made (a webhook attempt
 * whose step lost a race to another writer is not made again when the stage decides on the re-read ticket).
 */
export interface HandlingMemory {
  calls: Map<string, unknown>;
}

/** A stage's use case: `null` when the message turned out to be a stale copy and nothing is written. */
export type Decide = (deps: Deps, stored: StoredTicket, envelope: Envelope, memory: HandlingMemory) => Promise<StepOutcome | null>;

/** The next version of a ticket with `updatedAt` moved to now. */
export function evolve(deps: Pick<Deps, 'clock'>, ticket: Ticket, changes: Partial<Ticket>): Ticket {
  return { ...ticket, ...changes, updatedAt: deps.clock.now().toISOString() };
}
