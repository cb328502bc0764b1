import { forEachLimited } from '../concurrency.js';
import type { WatchRecord, WatchScope } from '../ports/watch-store.js';
import type { Deps } from './deps.js';
import type { PartnerEvent } from './partner-events.js';

/** An event a watch owes a partner, with the record that remembers it; `changed` when this run found it. */
export interface OwedEvent {
  record: WatchRecord;
  event: PartnerEvent;
  changed: boolean;
}

const WRITE_CONCURRENCY = 16;

/**
 * Written after sending, once per record: a change found, or a pending event now settled (every tool got it or gave
 * up). A crash before this write loses nothing: the next run finds the same change, derives the same event key and
 * the delivery log answers that it was delivered.
 */
export async function saveOutcomes(
  deps: Deps,
  scope: WatchScope,
  partnerTenantId: string,
  owed: readonly OwedEvent[],
  unsettled: readonly string[],
): Promise<void> {
  const writes = owed.flatMap(({ record, event, changed }) => {
    const settled = !unsettled.includes(event.key);
    if (!changed && !settled) return [];
    return [{ ...record, state: { ...record.state, settled } }];
  });
  await forEachLimited(writes, WRITE_CONCURRENCY, (record) => deps.watch.save(scope, partnerTenantId, record));
}
