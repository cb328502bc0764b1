import type { Deps } from './deps.js';
import { changeCase } from './case-actions.js';
import { partnersWithTools } from './partners-with-tools.js';

/** At most this many reminders per partner per run: a backlog is worked off over a few runs, never in one burst. */
const MAX_PER_PARTNER = 500;

/**
 * `ticket.filing_overdue` (README "After routing: the case"): a hand-off still `awaiting-filing` past FILING_REMINDER_HOURS (Sev A:
 * FILING_REMINDER_HOURS_SEV_A) gets one reminder. Clearing `reminderDueAt` in the same write as the event makes it
 * once-only, and the ticket's ETag keeps two overlapping runs from both sending it.
 */
export async function sendFilingReminders(deps: Deps): Promise<{ reminded: number }> {
  const partners = await partnersWithTools(deps);
  const now = deps.clock.now();
  let reminded = 0;
  for (const partnerTenantId of partners) {
    for (const { ticket } of await deps.tickets.dueCases(partnerTenantId, 'reminder', now, MAX_PER_PARTNER)) {
      const answer = await changeCase(deps, ticket.partnerTenantId, ticket.ticketId, (current) => {
        const c = current.case;
        if (c?.state !== 'awaiting-filing' || !c.reminderDueAt || Date.parse(c.reminderDueAt) > now.getTime()) return { kind: 'same' };
        const { reminderDueAt: _sent, ...rest } = c;
        return {
          kind: 'change',
          case: rest,
          event: 'ticket.filing_overdue',
          note: `not filed with Microsoft since ${current.routedAt ?? current.createdAt}: reminder sent`,
        };
      });
      if (answer.kind === 'ok' && answer.changed) reminded++;
    }
  }
  return { reminded };
}
