import { nextAttemptDelay } from '../domain/delivery-schedule.js';
import { eventIdFor, pendingEventIdOf, toView, type EventType, type Ticket } from '../domain/ticket.js';
import { pendingFrom } from './owe-event.js';
import type { Delivery, DeliveryAttempt } from '../ports/delivery-log.js';
import type { StoredTicket } from '../ports/ticket-store.js';
import { liveSecrets, wantsEvent, type Tool } from '../ports/tool-registry.js';
import type { Deps } from './deps.js';
import { outboxFor, type Envelope } from './envelope.js';
import { evolve, runStage, type StageResult, type StepOutcome } from './run-stage.js';

/**
 * A delivery and where its current run of attempts begins in `attempts`: 0, or the index at which
 * `relay deliveries replay` started a fresh run (the retry schedule restarts there; older attempts stay logged).
 */

/**
 * Stage 5: one signed webhook per outcome event (docs/openapi.json (webhooks)). The event id is the same on every attempt;
 * retries are scheduled messages written through the outbox, so a crash between attempts loses nothing.
 * `envelope.attempt` numbers attempts across all runs of a delivery: attempt n is `attempts[n - 1]`, so a
 * redelivered message reuses the result it already recorded instead of calling the tool again.
 */
export function runNotifications(deps: Deps, body: unknown): Promise<StageResult> {
  return runStage(deps, 'notifications', body, (stored, envelope) => notify(deps, stored, envelope));
}

async function notify(deps: Deps, { ticket }: StoredTicket, envelope: Envelope): Promise<StepOutcome | null> {
  const event = ticket.pendingEvent;
  if (!event) return finish(deps, ticket, 'no event owed');
  if (ticket.awaiting?.event === event && envelope.attempt < ticket.awaiting.attempt) return null;
  const eventId = pendingEventIdOf(ticket) ?? eventIdFor(ticket.ticketId, event);
  const now = deps.clock.now();
  const [tool, saved] = await Promise.all([deps.tools.get(ticket.toolId), deps.deliveries.get(ticket.partnerTenantId, eventId)]);
  if (!tool || tool.disabled || !tool.callbackUrl) return noCallback(deps, ticket, event, saved, now);
  // Not subscribed (relay tools set-events): nothing is sent; the outcome stays on the status API (status recorded).
  if (!wantsEvent(tool, event) && !saved) return finish(deps, ticket, `${event} not sent: the tool does not subscribe to it`);
  const delivery: Delivery = saved ?? newDelivery(ticket, tool, event, eventId, now);
  if (delivery.status === 'delivered') return finish(deps, ticket, `${event} already delivered`, true);

  const index = envelope.attempt - 1;
  if (delivery.status === 'failed') {
    // Only a replay asks a failed delivery for one attempt more than it made; anything else is a late duplicate.
    if (index !== delivery.attempts.length) return finish(deps, ticket, `${event} delivery had already failed`);
    delivery.runStart = index;
    delivery.status = 'pending';
  }
  // A later attempt was already made, so this message is an old one redelivered; the newer message is owed.
  if (index < delivery.attempts.length - 1) return null;
  if (index >= delivery.attempts.length) delivery.attempts.push(await attempt(deps, ticket, tool, delivery, now));
  const last = delivery.attempts[index] ?? delivery.attempts[delivery.attempts.length - 1]!;
  const position = index + 1 - (delivery.runStart ?? 0);
  const stamp = { updatedAt: now.toISOString() };

  if (last.statusCode !== null && last.statusCode >= 200 && last.statusCode < 300) {
    await deps.deliveries.save({ ...delivery, ...stamp, status: 'delivered', nextAttemptAt: null });
    return finish(deps, ticket, `${event} delivered (attempt ${position})`, true);
  }
  const plan = nextAttemptDelay({
    attempt: position,
    statusCode: last.statusCode,
    ...(last.retryAfterSeconds !== undefined ? { retryAfterSeconds: last.retryAfterSeconds } : {}),
    random: deps.settings.random,
  });
  if (plan.kind === 'retry') {
    const at = new Date(now.getTime() + plan.delayMs);
    await deps.deliveries.save({ ...delivery, ...stamp, status: 'retrying', nextAttemptAt: at.toISOString() });
    const next = evolve(deps, ticket, { awaiting: { event, attempt: envelope.attempt + 1 } });
    return { ticket: next, note: `${event} attempt ${position} failed; retry at ${at.toISOString()}`, next: outboxFor(next, 'notifications', envelope.attempt + 1, at) };
  }
  if (plan.kind === 'disable-endpoint') await deps.tools.setCallback(tool.toolId, null);
  await deps.deliveries.save({ ...delivery, ...stamp, status: 'failed', nextAttemptAt: null });
  const why = plan.kind === 'disable-endpoint' ? 'endpoint answered 410 Gone and its callback URL was removed' : `gave up after ${position} attempts`;
  return finish(deps, ticket, `${event} delivery failed: ${why}; replay with: relay deliveries replay ${eventId}`);
}

function newDelivery(ticket: Ticket, tool: Tool, type: EventType, eventId: string, now: Date): Delivery {
  return {
    eventId, type, partnerTenantId: ticket.partnerTenantId, ticketId: ticket.ticketId, toolId: tool.toolId,
    status: 'pending', attempts: [], nextAttemptAt: null, updatedAt: now.toISOString(),
    // When the event became owed (the ticket's last transition), not when a retry happens to run.
    eventAt: ticket.updatedAt,
  };
}

/** A delivery still under way when its tool lost its callback (disabled, set to none, 410) ends as failed. */
async function noCallback(deps: Deps, ticket: Ticket, event: EventType, saved: Delivery | null, now: Date): Promise<StepOutcome> {
  if (saved?.status !== 'pending' && saved?.status !== 'retrying') {
    return finish(deps, ticket, 'no callback URL registered; outcome kept for the status API');
  }
  await deps.deliveries.save({ ...saved, status: 'failed', nextAttemptAt: null, updatedAt: now.toISOString() });
  return finish(deps, ticket, `${event} delivery failed: the tool was disabled or its callback URL removed`);
}

/**
 * One signed POST. The body's `timestamp` is when the event became owed (the ticket's last transition) and stays the
 * first attempt's afterwards, so every attempt carries the same event — also when the broker hands one message to two
 * handlers at once (at-least-once): both build the same body from the same stored ticket. The `webhook-timestamp`
 * header and signature are fresh per attempt, as Standard Webhooks asks.
 */
async function attempt(deps: Deps, ticket: Ticket, tool: Tool, delivery: Delivery, now: Date): Promise<DeliveryAttempt> {
  // Saved with the delivery, so a retry (after the ticket moved on to await it) sends the body the first attempt sent.
  const eventAt = delivery.eventAt ?? delivery.attempts[0]?.at ?? ticket.updatedAt;
  const data = ticket.pendingEventData ? { ...toView(ticket), update: ticket.pendingEventData } : toView(ticket);
  const body = JSON.stringify({ type: delivery.type, timestamp: eventAt, data });
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = deps.signWebhook({ id: delivery.eventId, timestamp, body, secrets: liveSecrets(tool.callbackSecrets, now) });
  const result = await deps.webhooks.send({
    url: tool.callbackUrl!,
    headers: { 'content-type': 'application/json', 'webhook-id': delivery.eventId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    body,
  });
  return {
    at: now.toISOString(),
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    ...(result.error ? { error: result.error } : {}),
    ...(result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
  };
}

/**
 * This event is done; a recorded ticket whose outcome reached the tool becomes `notified`. An event queued meanwhile
 * (a case recorded while the outcome was still being delivered) is owed next, through the outbox like any step.
 */
function finish(deps: Deps, ticket: Ticket, note: string, delivered = false): StepOutcome {
  const status = delivered && ticket.status === 'recorded' ? 'notified' : ticket.status;
  const [queued, ...rest] = ticket.queuedEvents ?? [];
  const done = { status, awaiting: undefined, pendingEventId: undefined, pendingEventData: undefined };
  if (!queued) return { ticket: evolve(deps, ticket, { ...done, nextStage: 'done', pendingEvent: null, queuedEvents: undefined }), note, next: null };
  const next = evolve(deps, ticket, { ...done, ...pendingFrom(queued), nextStage: 'notifications', queuedEvents: rest.length ? rest : undefined });
  return { ticket: next, note: `${note}; ${queued.type} owed next`, next: outboxFor(next, 'notifications') };
}
