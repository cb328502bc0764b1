import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { contextLogger } from '../shared/log.js';
import { sweepOutbox } from '../shared/pipeline/outbox-sweep.js';
import { timer } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';
import { errorName } from '../shared/errors.js';

export async function outboxSweeper(_timer: Timer, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps } = relay;
  const log = contextLogger(context, { function: 'outbox-sweeper' });
  const sent = await sweepOutbox(deps, undefined, (ticketId, error) =>
    log.warn('outbox row not republished; next run retries', { ticketId, error: errorName(error) }),
  );
  if (sent > 0) log.info('outbox sweep republished messages', { sent });
}

timer('outbox-sweeper', { schedule: timerSchedule('OUTBOX_SWEEP_SCHEDULE'), handler: outboxSweeper });
