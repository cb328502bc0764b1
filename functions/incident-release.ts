import type { InvocationContext } from '@azure/functions';
import { contextLogger } from '../shared/log.js';
import { runRelease } from '../shared/pipeline/release-held.js';
import { queue } from '../shared/registry.js';
import { QUEUES } from '../shared/queues.js';
import type { Runtime } from '../shared/runtime.js';

/** Drains release work queued when an incident resolved: plans batches, then closes each batch's held tickets. */
export async function incidentRelease(message: unknown, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps } = relay;
  const result = await runRelease(deps, message);
  contextLogger(context, { function: 'incident-release' }).info('incident release', result);
}

queue('incident-release', { queueName: QUEUES.incidentReleases, handler: incidentRelease });
