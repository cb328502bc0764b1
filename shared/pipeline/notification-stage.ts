import { nextAttemptDelay } from '../domain/delivery-schedule.js';
import { eventIdFor, pendingEventIdOf, toView, type EventType, type Ticket } from '../domain/ticket.js';
import { pendingFrom } from './owe-event.js';
import type { Delivery, DeliveryAttempt } from '../ports/delivery-log.js';
import type { StoredTicket } from '../ports/ticket-store.js';
import { liveSecrets, wantsEvent, type Tool } from '../ports/tool-registry.js';
import type { Deps } from './deps.js';
import type { Envelope } from './envelope.js';
import { evolve, type Decide, type HandlingMemory, type StepOutcome } from './step.js';

/**
 * Stage 5: one signed webhook per outcome event (docs/openapi.json (webhooks)). The event id is the same on every attempt;
 * retries are scheduled messages written through the outbox, so a crash between attempts loses nothing.
 * `envelope.attempt` numbers attempts across all runs of a delivery: attempt n is `attempts[n - 1]`, so a
 * redelivered message reuses the result it already recorded instead of calling the tool again. The delivery record
 * is written with the step (one transaction), so it exists exactly when a step recorded an attempt.
 */
export const decideNotifications: Decide = (deps, stored, envelope, memory) => notify(deps, stored, envelope, memory);

/**
 * What a stage that makes an event owed sets on the ticket: wait for the notifications stage, or — when the tool
 * will not receive this event (no callback URL, disabled, not subscribed) — finish now, without a stage that would
 * only conclude the same. The outcome stays on the status API either way.
 */
export async function owedNext(
  deps: Pick<Deps, 'tools'>,
  ticket: Ticket,
  event: EventType,
): Promise<Pick<Ticket, 'nextStage' | 'pendingEvent'>> {
  if (ticket.queuedEvents?.length) return { nextStage: 'notifications', pendingEvent: event };
  const tool = await deps.tools.get(ticket.toolId);
  const receives = !!tool && !tool.disabled && !!tool.callbackUrl && wantsEvent(tool, event);
  return receives ? { nextStage: 'notifications', pendingEvent: event } : { nextStage: 'done', pendingEvent: null };
}

async function notify(deps: Deps, { ticket }: StoredTicket, envelope: Envelope, memory: HandlingMemory): Promise<StepOutcome | null> {
  const event = ticket.pendingEvent;
  if (!event) return finish(deps, ticket, 'no event owed');
  if (ticket.awaiting?.event === event && envelope.attempt < ticket.awaiting.attempt) return null;
  const eventId = pendingEventIdOf(ticket) ?? eventIdFor(ticket.ticketId, event);
  const now = deps.clock.now();
  // The first attempt at an event nobody awaits yet has no record to read: it is created with this step.
  const fresh = envelope.attempt === 1 && !ticket.awaiting;
  const [tool, saved] = await Promise.all([
    deps.tools.get(ticket.toolId),
    fresh ? null : deps.deliveries.get(ticket.partnerTenantId, eventId),
  ]);
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
  if (index >= delivery.attempts.length) {
    const key = `${eventId}#${envelope.attempt}`;
    const made = (memory.calls.get(key) as DeliveryAttempt | undefined) ?? (await attempt(deps, ticket, tool, delivery, now));
    memory.calls.set(key, made);
    delivery.attempts.push(made);
  }
  const last = delivery.attempts[index] ?? delivery.attempts[delivery.attempts.length - 1]!;
  const position = index + 1 - (delivery.runStart ?? 0);
  const stamp = { updatedAt: now.toISOString() };

  if (last.statusCode !== null && last.statusCode >= 200 && last.statusCode < 300) {
    const delivered: Delivery = { ...delivery, ...stamp, status: 'delivered', nextAttemptAt: null };
    return { ...finish(deps, ticket, `${event} delivered (attempt ${position})`, true), delivery: delivered };
  }
  const plan = nextAttemptDelay({
    attempt: position,
    statusCode: last.statusCode,
    ...(last.retryAfterSeconds !== undefined ? { retryAfterSeconds: last.retryAfterSeconds } : {}),
    random: deps.settings.random,
  });
  if (plan.kind === 'retry') {
    const at = new Date(now.getTime() + plan.delayMs);
    const retrying: Delivery = { ...delivery, ...stamp, status: 'retrying', nextAttemptAt: at.toISOString() };
    const next = evolve(deps, ticket, { awaiting: { event, attempt: envelope.attempt + 1 } });
    const note = `${event} attempt ${position} failed; retry at ${at.toISOString()}`;
    return { ticket: next, note, retry: { attempt: envelope.attempt + 1, at }, delivery: retrying };
  }
  if (plan.kind === 'disable-endpoint') await deps.tools.setCallback(tool.toolId, null);
  const failed: Delivery = { ...delivery, ...stamp, status: 'failed', nextAttemptAt: null };
  const why =
    plan.kind === 'disable-endpoint' ? 'endpoint answered 410 Gone and its callback URL was removed' : `gave up after ${position} attempts`;
  return { ...finish(deps, ticket, `${event} delivery failed: ${why}; replay with: relay deliveries replay ${eventId}`), delivery: failed };
}

function newDelivery(ticket: Ticket, tool: Tool, type: EventType, eventId: string, now: Date): Delivery {
  return {
    eventId,
    type,
    partnerTenantId: ticket.partnerTenantId,
    ticketId: ticket.ticketId,
    toolId: tool.toolId,
    status: 'pending',
    attempts: [],
    nextAttemptAt: null,
    updatedAt: now.toISOString(),
    // When the event became owed (the ticket's last transition), not when a retry happens to run.
    eventAt: ticket.updatedAt,
  };
}

/** A delivery still under way when its tool lost its callback (disabled, set to none, 410) ends as failed. */
async function noCallback(deps: Deps, ticket: Ticket, event: EventType, saved: Delivery | null, now: Date): Promise<StepOutcome> {
  if (saved?.status !== 'pending' && saved?.status !== 'retrying') {
    return finish(deps, ticket, 'no callback URL registered; outcome kept for the status API');
  }
  const failed: Delivery = { ...saved, status: 'failed', nextAttemptAt: null, updatedAt: now.toISOString() };
  return { ...finish(deps, ticket, `${event} delivery failed: the tool was disabled or its callback URL removed`), delivery: failed };
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
    headers: {
      'content-type': 'application/json',
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    },
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
  if (!queued) return { ticket: evolve(deps, ticket, { ...done, nextStage: 'done', pendingEvent: null, queuedEvents: undefined }), note };
  const next = evolve(deps, ticket, {
    ...done,
    ...pendingFrom(queued),
    nextStage: 'notifications',
    queuedEvents: rest.length ? rest : undefined,
  });
  return { ticket: next, note: `${note}; ${queued.type} owed next` };
}
