import { MAX_ATTEMPTS } from '../domain/delivery-schedule.js';
import type { Delivery } from '../ports/delivery-log.js';
import { StaleTicketError } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';
import { envelopeSchema, outboxFor } from './envelope.js';
import { runStage } from './run-stage.js';
import { evolve } from './step.js';

/** The envelope caps attempt numbers; a replay must leave room for a whole run of them. */
const MAX_ENVELOPE_ATTEMPT = envelopeSchema.shape.attempt.maxValue ?? 100;

export type ReplayRefusal = 'not-found' | 'not-failed' | 'no-callback' | 'ticket-busy' | 'too-many-replays';

export type ReplayOutcome =
  /** The new run's first attempt was made; `delivery` shows where it stands (delivered, retrying or failed). */
  { kind: 'replayed'; delivery: Delivery } | { kind: 'refused'; reason: ReplayRefusal; detail: string };

/**
 * `relay deliveries replay`: sends a failed delivery again, with the same event id (`webhook-id`), so a receiver that
 * already has the event can drop the copy. The replay is one ticket step — the ticket owes the notifications stage
 * attempt n + 1, written with its outbox row — and then that attempt runs right here, with this process's webhook
 * sender, so the operator sees the answer at once. Retries after it are ordinary scheduled messages through the
 * outbox: if this process cannot publish them (the CLI's in-process broker), the relay's outbox sweeper does.
 */
export async function replayDelivery(deps: Deps, partnerTenantId: string, eventId: string): Promise<ReplayOutcome> {
  const delivery = await deps.deliveries.get(partnerTenantId, eventId);
  if (!delivery) return refused('not-found', `no delivery ${eventId} for partner ${partnerTenantId}`);
  if (delivery.status !== 'failed') return refused('not-failed', `${eventId} is ${delivery.status}; only failed deliveries are replayed`);
  const tool = await deps.tools.get(delivery.toolId);
  if (!tool || tool.disabled || !tool.callbackUrl) {
    return refused(
      'no-callback',
      `tool ${delivery.toolId} has no callback URL (or is disabled); set one with: relay tools set-callback ${delivery.toolId} <url>`,
    );
  }
  const attempt = delivery.attempts.length + 1;
  if (attempt + MAX_ATTEMPTS - 1 > MAX_ENVELOPE_ATTEMPT) {
    return refused(
      'too-many-replays',
      `${eventId} already has ${delivery.attempts.length} attempts; fix the receiver and let the partner read the status API`,
    );
  }
  // Partner events (gdap.expiring) have no ticket: the next directory sync sends them again while they still apply.
  if (delivery.ticketId === null) return refused('not-found', `${eventId} is a partner event; the next directory sync sends it again`);
  const stored = await deps.tickets.get(partnerTenantId, delivery.ticketId);
  if (!stored) return refused('not-found', `ticket ${delivery.ticketId} of ${eventId} no longer exists`);
  if (stored.ticket.nextStage !== 'done') {
    return refused('ticket-busy', `ticket ${delivery.ticketId} is waiting on ${stored.ticket.nextStage}; replay once it is done`);
  }
  // The same event id again: for a recurring type (ticket.microsoft_updated) it names the occurrence replayed.
  const next = evolve(deps, stored.ticket, {
    nextStage: 'notifications',
    pendingEvent: delivery.type,
    pendingEventId: delivery.eventId,
    awaiting: { event: delivery.type, attempt },
  });
  const outbox = outboxFor(next, { attempt })!;
  try {
    await deps.tickets.advance(stored, next, `operator replay of ${delivery.type} (attempt ${attempt})`, outbox);
  } catch (error) {
    if (error instanceof StaleTicketError) return refused('ticket-busy', `ticket ${delivery.ticketId} changed meanwhile; try again`);
    throw error;
  }
  await runStage(deps, 'notifications', outbox.message.body);
  return { kind: 'replayed', delivery: (await deps.deliveries.get(partnerTenantId, eventId)) ?? delivery };
}

/** Failed deliveries last changed at or after `since` (all partners unless one is named), oldest first. */
export async function failedSince(deps: Deps, since: Date, partnerTenantId?: string): Promise<Delivery[]> {
  const failed = await deps.deliveries.list({ status: 'failed', since, ...(partnerTenantId ? { partnerTenantId } : {}) });
  return failed.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}

function refused(reason: ReplayRefusal, detail: string): ReplayOutcome {
  return { kind: 'refused', reason, detail };
}
