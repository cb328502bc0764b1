import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { contextLogger } from '../shared/log.js';
import { scanAccess } from '../shared/pipeline/access-watch.js';
import { timer } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** Finds access about to fail (expiry, pending approval, missing roles, assignments, RBAC) and tells each partner of changes. */
export async function accessWatch(_timer: Timer, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps } = relay;
  const log = contextLogger(context, { function: 'access-watch' });
  const result = await scanAccess(deps);
  log.info('access scan done', { ...result });
}

timer('access-watch', { schedule: timerSchedule('ACCESS_WATCH_SCHEDULE'), handler: accessWatch });
