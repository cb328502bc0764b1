import { reminderDueAt, type TicketCase } from '../domain/case.js';
import type { Channel } from '../domain/route.js';
import type { Ticket } from '../domain/ticket.js';
import type { Deps } from './deps.js';

/** Channels where the partner itself files with Microsoft by hand and reports the case id back. */
const FILED_BY_HAND = new Set<Channel>(['m365-admin-center', 'power-platform-admin-center', 'azure-support', 'partner-own-support']);

/** An eligible hand-off starts `awaiting-filing` with its reminder due; anything else has no case to follow. */
export function caseOnRecording(deps: Deps, ticket: Ticket): Pick<Ticket, 'case'> {
  const channel = ticket.route?.channel;
  if (ticket.decision !== 'eligible' || !channel || !FILED_BY_HAND.has(channel)) return {};
  const routedAt = ticket.routedAt ? new Date(ticket.routedAt) : deps.clock.now();
  return {
    case: { state: 'awaiting-filing', reminderDueAt: reminderDueAt(routedAt, ticket.request.severity, deps.settings.filingReminderHours) },
  };
}

/** Filed through the Azure Support API: the case exists already and is followed by polling. */
export function filedByApi(deps: Deps, supportTicketId: string): TicketCase {
  const now = deps.clock.now();
  return {
    state: 'filed',
    microsoftCaseId: supportTicketId,
    filedBy: 'Azure Support API',
    filedAt: now.toISOString(),
    followUp: { nextPollAt: new Date(now.getTime() + deps.settings.azureFollowUpMinutes * 60_000).toISOString(), seen: [] },
  };
}
