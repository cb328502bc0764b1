import type { DeliveryLog, Delivery, DeliveryStatus } from '../ports/delivery-log.js';

/** Deliveries the console lists: the last 30 days (the retry schedule spans under two days), at most this many. */
const DELIVERY_WINDOW_DAYS = 30;
const MAX_DELIVERIES = 200;
const STATUSES: readonly DeliveryStatus[] = ['failed', 'retrying', 'pending', 'delivered'];

export function parseDeliveryStatus(value: string | null): { ok: true; status?: DeliveryStatus } | { ok: false } {
  if (!value) return { ok: true };
  return (STATUSES as readonly string[]).includes(value) ? { ok: true, status: value as DeliveryStatus } : { ok: false };
}

/** Failed first (what needs a person), then retrying, pending, delivered; newest first within each. */
export async function consoleDeliveries(
  log: DeliveryLog,
  partnerTenantId: string | null,
  status: DeliveryStatus | undefined,
  now: Date,
): Promise<Delivery[]> {
  const since = new Date(now.getTime() - DELIVERY_WINDOW_DAYS * 86_400_000);
  const found = await log.list({ since, ...(partnerTenantId ? { partnerTenantId } : {}), ...(status ? { status } : {}) });
  const rank = (d: Delivery) => STATUSES.indexOf(d.status);
  return found.sort((a, b) => rank(a) - rank(b) || b.updatedAt.localeCompare(a.updatedAt)).slice(0, MAX_DELIVERIES);
}
