import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { contextLogger } from '../shared/log.js';
import { syncDirectory } from '../shared/pipeline/directory-sync.js';
import { sendGdapExpiringNotices } from '../shared/pipeline/gdap-notices.js';
import { timer } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/**
 * Refreshes the table directory from Microsoft (DIRECTORY_SOURCE=microsoft) and tells each partner's tools about GDAP
 * access about to end (`gdap.expiring`, once per relationship end date; tickets for that customer also carry GDAP_EXPIRING).
 */
export async function directorySync(_timer: Timer, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps, sources, directory } = relay;
  const log = contextLogger(context, { function: 'directory-sync' });
  const feed = sources.directory();
  const result = await syncDirectory({ feed, writer: directory, now: deps.clock.now() });
  if (result.replaced) log.info('directory replaced from Microsoft', result.replaced);
  for (const e of result.expiring) {
    log.warn('gdap.expiring', {
      partnerTenantId: e.partnerTenantId,
      customerTenantId: e.customerTenantId,
      relationshipId: e.relationshipId,
      endDateTime: e.endDateTime,
    });
  }
  const notices = await sendGdapExpiringNotices(deps, result.expiring);
  const { unsettled, ...counts } = notices;
  if (result.expiring.length > 0) log.info('gdap.expiring notices', { ...counts, unsettled: unsettled.length });
}

timer('directory-sync', { schedule: timerSchedule('DIRECTORY_SYNC_SCHEDULE'), handler: directorySync });
