import type { InvocationContext, Timer } from '@azure/functions';
import { timerSchedule } from '../shared/config.js';
import { contextLogger } from '../shared/log.js';
import { followAzureCases } from '../shared/pipeline/azure-follow-up.js';
import { sendFilingReminders } from '../shared/pipeline/filing-reminders.js';
import { timer } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/**
 * Case follow-up (README "After routing: the case"): reminders for hand-offs nobody reported filed, and — with AZURE_SUPPORT_SUBMIT=on —
 * the Azure cases the relay filed, read back until Microsoft closes them.
 */
export async function caseTimers(_timer: Timer, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps } = relay;
  const log = contextLogger(context, { function: 'case-timers' });
  const reminders = await sendFilingReminders(deps);
  if (reminders.reminded > 0) log.info('filing reminders sent', { ...reminders });
  if (!deps.supportApi) return;
  const followed = await followAzureCases(deps);
  // Counts only: Azure's answers can echo request details, so none of their text goes to the log.
  if (followed.errors > 0) log.warn('azure follow-up: Azure or storage unreachable, cases left due for the next run', { ...followed });
  else if (followed.polled > 0 || followed.deferredPartners > 0) log.info('azure cases followed', { ...followed });
}

timer('case-timers', { schedule: timerSchedule('CASE_TIMERS_SCHEDULE'), handler: caseTimers });
