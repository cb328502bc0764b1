import type { Deps } from './deps.js';
import { partnersWithTools } from './partners-with-tools.js';

/** Rows younger than this are probably being published right now by the stage that wrote them. */
export const OUTBOX_GRACE_MS = 30_000;
const MAX_PER_PARTNER = 500;

/**
 * Republishes outbox rows a crash or a broker outage left unsent. The first republish keeps the message id, so a
 * message that was in fact sent and is still queued collapses in duplicate detection. A row still owed a grace
 * period later was received and dropped (its handler stopped, or a copy found the ticket claimed), so later
 * republishes take ids of their own, which duplicate detection lets through; the stage skips any copy the ticket
 * is already past: never doubled.
 */
export async function sweepOutbox(
  deps: Deps,
  graceMs = OUTBOX_GRACE_MS,
  onFailure?: (ticketId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now().getTime();
  const olderThan = new Date(now - graceMs);
  const partners = await partnersWithTools(deps);
  let sent = 0;
  for (const partner of partners) {
    for (const { ticketId, entry, etag, sweeps } of await deps.tickets.pendingOutbox(partner, olderThan, MAX_PER_PARTNER)) {
      // Stored as JSON, so a schedule comes back as a string; a retry not yet due is not stuck.
      const scheduled = entry.message.scheduledEnqueueTimeUtc ? new Date(entry.message.scheduledEnqueueTimeUtc) : null;
      if (scheduled && scheduled.getTime() > now - graceMs) continue;
      const messageId = sweeps === 0 ? entry.message.messageId : `${entry.message.messageId}~${sweeps}`;
      const message = { ...entry.message, messageId, ...(scheduled ? { scheduledEnqueueTimeUtc: scheduled } : {}) };
      try {
        await deps.bus.send(entry.queue, [message]);
        await deps.tickets.markSwept(partner, ticketId, etag, sweeps + 1);
        sent++;
      } catch (error) {
        // One row the broker or storage refuses now must not stop the sweep for everyone else; the next run retries it.
        onFailure?.(ticketId, error);
      }
    }
  }
  return sent;
}
