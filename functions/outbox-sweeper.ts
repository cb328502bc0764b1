import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { sweepOutbox } from '../shared/pipeline/outbox-sweep.js';
import { timer } from '../shared/registry.js';
import { runtime } from '../shared/runtime.js';

export async function outboxSweeper(_timer: Timer, context: InvocationContext): Promise<void> {
  const { deps, ready } = runtime();
  await ready();
  const sent = await sweepOutbox(deps);
  if (sent > 0) createLogger((line) => context.log(line)).info('outbox sweep republished messages', { sent });
}

timer('outbox-sweeper', { schedule: timerSchedule('OUTBOX_SWEEP_SCHEDULE'), handler: outboxSweeper });
