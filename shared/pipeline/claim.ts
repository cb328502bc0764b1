import type { Stage } from '../domain/ticket.js';
import { StaleTicketError, type StoredTicket } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';

/**
 * Longer than any one handler's outside call (a webhook POST times out after 15 s): a claim older than this was left
 * by a handler that stopped, and the next copy of the message takes over.
 */
export const CLAIM_MS = 60_000;

/**
 * Claims the ticket for this stage with a conditional write (ETag). Two copies of one message handled at once (a
 * lock lost mid-call, a duplicate) both reach here with the same ticket; only one write succeeds, so only one
 * handler makes the outside call. `held`: another handler's claim is still live; `stale`: the ticket changed, re-read.
 */
export async function claimTicket(deps: Deps, stage: Stage, stored: StoredTicket, by: string): Promise<StoredTicket | 'held' | 'stale'> {
  const now = deps.clock.now().getTime();
  const held = stored.ticket.claim;
  // Ours already: another writer (a case update) changed the ticket after we claimed it, keeping the claim.
  if (held?.by === by) return stored;
  if (held && Date.parse(held.until) > now) return 'held';
  try {
    return await deps.tickets.save(stored, { ...stored.ticket, claim: { stage, until: new Date(now + CLAIM_MS).toISOString(), by } });
  } catch (error) {
    if (error instanceof StaleTicketError) return 'stale';
    throw error;
  }
}

/** A claim taken for nothing (the message turned out stale, or the decision failed) is given back at once. */
export async function releaseClaim(deps: Deps, stage: Stage, stored: StoredTicket): Promise<void> {
  if (stored.ticket.claim?.stage !== stage) return;
  await deps.tickets.save(stored, { ...stored.ticket, claim: undefined }).catch(() => undefined);
}
