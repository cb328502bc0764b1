import { nextAttemptDelay } from '../domain/delivery-schedule.js';
import { eventIdFor, toView, type Ticket } from '../domain/ticket.js';
import type { Delivery, DeliveryAttempt } from '../ports/delivery-log.js';
import type { StoredTicket } from '../ports/ticket-store.js';
import { liveSecrets, type Tool } from '../ports/tool-registry.js';
import type { Deps } from './deps.js';
import { outboxFor, type Envelope } from './envelope.js';
import { evolve, runStage, type StageResult, type StepOutcome } from './run-stage.js';

/**
 * Stage 5: one signed webhook per outcome event (CONTRACT.md §6). The event id is the same on every attempt;
 * retries are scheduled messages written through the outbox, so a crash between attempts loses nothing.
 */
export function runNotifications(deps: Deps, body: unknown): Promise<StageResult> {
  return runStage(deps, 'notifications', body, (stored, envelope) => notify(deps, stored, envelope));
}

async function notify(deps: Deps, { ticket }: StoredTicket, envelope: Envelope): Promise<StepOutcome | null> {
  const event = ticket.pendingEvent;
  if (!event) return finish(deps, ticket, 'no event owed');
  const tool = await deps.tools.get(ticket.toolId);
  if (!tool || tool.disabled || !tool.callbackUrl) return finish(deps, ticket, 'no callback URL registered; outcome kept for the status API');
  const eventId = eventIdFor(ticket.ticketId, event);
  const now = deps.clock.now();
  const delivery: Delivery = (await deps.deliveries.get(ticket.partnerTenantId, eventId)) ?? {
    eventId, type: event, partnerTenantId: ticket.partnerTenantId, ticketId: ticket.ticketId, toolId: tool.toolId,
    status: 'pending', attempts: [], nextAttemptAt: null, updatedAt: now.toISOString(),
  };
  if (delivery.status === 'delivered') return finish(deps, ticket, `${event} already delivered`, true);
  // A redelivered message for an attempt already made reuses its recorded result instead of calling the tool again.
  if (delivery.attempts.length < envelope.attempt) {
    delivery.attempts.push(await attempt(deps, ticket, tool, eventId, now));
  }
  const last = delivery.attempts[envelope.attempt - 1] ?? delivery.attempts[delivery.attempts.length - 1]!;
  if (last.statusCode !== null && last.statusCode >= 200 && last.statusCode < 300) {
    await deps.deliveries.save({ ...delivery, status: 'delivered', nextAttemptAt: null, updatedAt: now.toISOString() });
    return finish(deps, ticket, `${event} delivered (attempt ${envelope.attempt})`, true);
  }
  const plan = nextAttemptDelay({
    attempt: envelope.attempt,
    statusCode: last.statusCode,
    retryAfterSeconds: last.retryAfterSeconds,
    random: deps.settings.random,
  });
  if (plan.kind === 'retry') {
    const at = new Date(now.getTime() + plan.delayMs);
    await deps.deliveries.save({ ...delivery, status: 'retrying', nextAttemptAt: at.toISOString(), updatedAt: now.toISOString() });
    const next = evolve(deps, ticket, {});
    return { ticket: next, note: `${event} attempt ${envelope.attempt} failed; retry at ${at.toISOString()}`, next: outboxFor(next, 'notifications', envelope.attempt + 1, at) };
  }
  if (plan.kind === 'disable-endpoint') await deps.tools.setCallback(tool.toolId, null);
  await deps.deliveries.save({ ...delivery, status: 'failed', nextAttemptAt: null, updatedAt: now.toISOString() });
  const why = plan.kind === 'disable-endpoint' ? 'endpoint answered 410 Gone and was disabled' : `gave up after ${delivery.attempts.length} attempts`;
  return finish(deps, ticket, `${event} delivery failed: ${why}`);
}

async function attempt(deps: Deps, ticket: Ticket, tool: Tool, eventId: string, now: Date): Promise<DeliveryAttempt & { retryAfterSeconds?: number }> {
  const { history: _history, ...data } = toView(ticket);
  const body = JSON.stringify({ type: ticket.pendingEvent, timestamp: now.toISOString(), data });
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = deps.signWebhook({ id: eventId, timestamp, body, secrets: liveSecrets(tool.callbackSecrets, now) });
  const result = await deps.webhooks.send({
    url: tool.callbackUrl!,
    headers: { 'content-type': 'application/json', 'webhook-id': eventId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
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

/** No more messages owed; a recorded ticket whose outcome reached the tool becomes `notified`. */
function finish(deps: Deps, ticket: Ticket, note: string, delivered = false): StepOutcome {
  const status = delivered && ticket.status === 'recorded' ? 'notified' : ticket.status;
  return { ticket: evolve(deps, ticket, { status, nextStage: 'done', pendingEvent: null }), note, next: null };
}
