import { createHash } from 'node:crypto';
import { MAX_ATTEMPTS } from '../domain/delivery-schedule.js';
import type { EventType } from '../domain/ticket.js';
import type { Delivery } from '../ports/delivery-log.js';
import { liveSecrets, wantsEvent, type Tool } from '../ports/tool-registry.js';
import type { Deps } from './deps.js';

/**
 * Events about a partner rather than one ticket (`gdap.expiring`, `access.*`, `incident.*`) do not ride the ticket
 * pipeline: the run that finds them (a sync or a scan) sends them to each of the partner's subscribed tools. `key` says
 * which event this is: the event id comes from key and tool, so finding the same event again sends nothing new, while a
 * delivery that failed is tried again by the next run until MAX_ATTEMPTS (then `failed`, replayable).
 */
export interface PartnerEvent {
  partnerTenantId: string;
  type: EventType;
  key: string;
  data: unknown;
}

export interface PartnerEventResult {
  delivered: number;
  retrying: number;
  failed: number;
  /** Delivered or given up on earlier, or the tool does not subscribe to the type. */
  skipped: number;
  /** Keys of events some tool still owes a retry for (the next run offers them again). */
  unsettled: string[];
}

export function partnerEventId(event: Pick<PartnerEvent, 'type' | 'key'>, toolId: string): string {
  // gdap.expiring keeps the ids it was first published with, so receivers' de-duplication carries over.
  const prefix = event.type === 'gdap.expiring' ? 'gdap' : event.type.replace('.', '_');
  return `evt_${prefix}_${createHash('sha256').update(`${event.key}\n${toolId}`).digest('hex').slice(0, 32)}`;
}

export async function sendPartnerEvents(deps: Deps, events: readonly PartnerEvent[], tools?: Tool[]): Promise<PartnerEventResult> {
  const result: PartnerEventResult = { delivered: 0, retrying: 0, failed: 0, skipped: 0, unsettled: [] };
  if (events.length === 0) return result;
  const withCallback = (tools ?? (await deps.tools.list())).filter((t) => !t.disabled && t.callbackUrl);
  for (const event of events) {
    for (const tool of withCallback.filter((t) => t.partnerTenantId.toLowerCase() === event.partnerTenantId.toLowerCase())) {
      if (!wantsEvent(tool, event.type)) {
        result.skipped++;
        continue;
      }
      const status = await deliver(deps, event, tool);
      result[status]++;
      if (status === 'retrying' && !result.unsettled.includes(event.key)) result.unsettled.push(event.key);
    }
  }
  return result;
}

async function deliver(deps: Deps, event: PartnerEvent, tool: Tool): Promise<'delivered' | 'retrying' | 'failed' | 'skipped'> {
  const eventId = partnerEventId(event, tool.toolId);
  const saved = await deps.deliveries.get(event.partnerTenantId, eventId);
  if (saved && (saved.status === 'delivered' || saved.status === 'failed')) return 'skipped';
  const now = deps.clock.now();
  // The body's timestamp is when the event was first sent: every attempt carries the same event.
  const body = JSON.stringify({ type: event.type, timestamp: saved?.attempts[0]?.at ?? now.toISOString(), data: event.data });
  const timestamp = Math.floor(now.getTime() / 1000);
  const sent = await deps.webhooks.send({
    url: tool.callbackUrl!,
    headers: {
      'content-type': 'application/json',
      'webhook-id': eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': deps.signWebhook({ id: eventId, timestamp, body, secrets: liveSecrets(tool.callbackSecrets, now) }),
    },
    body,
  });
  const attempt = {
    at: now.toISOString(),
    statusCode: sent.statusCode,
    latencyMs: sent.latencyMs,
    ...(sent.error ? { error: sent.error } : {}),
  };
  const attempts = [...(saved?.attempts ?? []), attempt];
  const status: Exclude<Delivery['status'], 'pending'> = sent.ok ? 'delivered' : attempts.length >= MAX_ATTEMPTS ? 'failed' : 'retrying';
  await deps.deliveries.save({
    eventId,
    type: event.type,
    partnerTenantId: event.partnerTenantId,
    ticketId: null,
    toolId: tool.toolId,
    status,
    attempts,
    nextAttemptAt: null,
    updatedAt: now.toISOString(),
  });
  return status;
}
