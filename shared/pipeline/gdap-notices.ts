import { createHash } from 'node:crypto';
import { MAX_ATTEMPTS } from '../domain/delivery-schedule.js';
import type { Delivery } from '../ports/delivery-log.js';
import { liveSecrets } from '../ports/tool-registry.js';
import type { Deps } from './deps.js';
import type { GdapExpiry } from './directory-sync.js';

export interface GdapNoticeResult {
  delivered: number;
  retrying: number;
  failed: number;
  /** Already delivered earlier (one notice per relationship end date and tool). */
  skipped: number;
}

/**
 * `gdap.expiring` (CONTRACT.md §6): a partner event, not a ticket one, so it does not ride the ticket pipeline. Each
 * directory sync sends every expiry to each of the partner's tools with a callback, once per relationship end date:
 * the event id is derived from relationship, end date and tool, a delivered notice is never sent again, and a failed
 * one is tried again by the next sync (every 6 h by default) until MAX_ATTEMPTS, when the delivery is `failed`.
 */
export async function sendGdapExpiringNotices(deps: Deps, expiring: GdapExpiry[]): Promise<GdapNoticeResult> {
  const result: GdapNoticeResult = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  if (expiring.length === 0) return result;
  const tools = (await deps.tools.list()).filter((t) => !t.disabled && t.callbackUrl);
  for (const expiry of expiring) {
    for (const tool of tools.filter((t) => t.partnerTenantId === expiry.partnerTenantId)) {
      const eventId = `evt_gdap_${createHash('sha256').update(`${expiry.relationshipId}\n${expiry.endDateTime}\n${tool.toolId}`).digest('hex').slice(0, 32)}`;
      const saved = await deps.deliveries.get(expiry.partnerTenantId, eventId);
      if (saved && (saved.status === 'delivered' || saved.status === 'failed')) {
        result.skipped++;
        continue;
      }
      const now = deps.clock.now();
      const body = JSON.stringify({ type: 'gdap.expiring', timestamp: now.toISOString(), data: expiry });
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
      const attempts = [...(saved?.attempts ?? []), { at: now.toISOString(), statusCode: sent.statusCode, latencyMs: sent.latencyMs, ...(sent.error ? { error: sent.error } : {}) }];
      const status: Exclude<Delivery['status'], 'pending'> = sent.ok ? 'delivered' : attempts.length >= MAX_ATTEMPTS ? 'failed' : 'retrying';
      await deps.deliveries.save({
        eventId, type: 'gdap.expiring', partnerTenantId: expiry.partnerTenantId, ticketId: null, toolId: tool.toolId,
        status, attempts, nextAttemptAt: null, updatedAt: now.toISOString(),
      });
      result[status]++;
    }
  }
  return result;
}
