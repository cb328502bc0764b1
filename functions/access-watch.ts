import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { scanAccess } from '../shared/pipeline/access-watch.js';
import { timer } from '../shared/registry.js';
import { runtime } from '../shared/runtime.js';

/** Finds access about to fail (expiry, pending approval, missing roles, assignments, RBAC) and tells each partner of changes. */
export async function accessWatch(_timer: Timer, context: InvocationContext): Promise<void> {
  const { deps, ready } = runtime();
  const log = createLogger((line) => context.log(line), { function: 'access-watch' });
  await ready();
  const result = await scanAccess(deps);
  log.info('access scan done', { ...result });
}

timer('access-watch', { schedule: timerSchedule('ACCESS_WATCH_SCHEDULE'), handler: accessWatch });
