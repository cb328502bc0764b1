import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { contextLogger } from '../shared/log.js';
import { syncHealth } from '../shared/pipeline/health-sync.js';
import { timer } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** Pulls service health from Microsoft (HEALTH_SOURCE=microsoft) and releases tickets whose incident resolved. */
export async function healthSync(_timer: Timer, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps, sources } = relay;
  const log = contextLogger(context, { function: 'health-sync' });
  const source = sources.health({
    onSkipped: (s) =>
      log.warn('health not readable for a customer; left out of this run', {
        tenantId: s.tenantId,
        subscriptionId: s.subscriptionId,
        status: s.status,
      }),
  });
  if (!source) return;
  const result = await syncHealth(deps, source);
  if (result.kind === 'applied') {
    for (const s of result.snapshots)
      log.info('health snapshot applied', {
        source: s.source,
        issues: s.issues,
        resolved: s.resolved.length,
        releasing: s.releasing.length,
      });
  }
}

timer('health-sync', { schedule: timerSchedule('HEALTH_SYNC_SCHEDULE'), handler: healthSync });
