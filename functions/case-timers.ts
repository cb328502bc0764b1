import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { sendFilingReminders } from '../shared/pipeline/filing-reminders.js';
import { timer } from '../shared/registry.js';
import { runtime } from '../shared/runtime.js';

/** Case follow-up (CONTRACT §11): reminders for hand-offs nobody reported filed. */
export async function caseTimers(_timer: Timer, context: InvocationContext): Promise<void> {
  const { deps, ready } = runtime();
  const log = createLogger((line) => context.log(line), { function: 'case-timers' });
  await ready();
  const reminders = await sendFilingReminders(deps);
  if (reminders.reminded > 0) log.info('filing reminders sent', { ...reminders });
}

timer('case-timers', { schedule: timerSchedule('CASE_TIMERS_SCHEDULE'), handler: caseTimers });
