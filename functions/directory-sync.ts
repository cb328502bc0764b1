import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { syncDirectory } from '../shared/pipeline/directory-sync.js';
import { timer } from '../shared/registry.js';
import { runtime } from '../shared/runtime.js';

/**
 * Refreshes the table directory from Microsoft (DIRECTORY_SOURCE=microsoft) and reports GDAP access about to end.
 * `gdap.expiring` is not sent as a webhook yet (events are per ticket): each expiry is a warning line, and every
 * ticket for that customer carries the GDAP_EXPIRING reason.
 */
export async function directorySync(_timer: Timer, context: InvocationContext): Promise<void> {
  const { deps, sources, directory, ready } = runtime();
  const log = createLogger((line) => context.log(line), { function: 'directory-sync' });
  const feed = sources.directory();
  await ready();
  const result = await syncDirectory({ feed, writer: directory, now: deps.clock.now() });
  if (result.replaced) log.info('directory replaced from Microsoft', result.replaced);
  for (const e of result.expiring) {
    log.warn('gdap.expiring', { partnerTenantId: e.partnerTenantId, customerTenantId: e.customerTenantId, relationshipId: e.relationshipId, endDateTime: e.endDateTime, fix: e.fix });
  }
}

timer('directory-sync', { schedule: timerSchedule('DIRECTORY_SYNC_SCHEDULE'), handler: directorySync });
