import type { Route } from '../domain/route.js';
import type { TicketView } from '../domain/ticket.js';

/** The marker every note carries: how a retry finds the note an earlier, unanswered attempt already stored. */
export const noteMarker = (eventId: string) => `[relay event ${eventId}]`;

const HEADLINES: Record<string, string> = {
  'ticket.recorded': 'Escalation recorded',
  'ticket.rejected': 'Escalation refused',
  'ticket.held': 'Held: a known Microsoft incident covers this',
  'ticket.incident_resolved': 'Released: the Microsoft incident is resolved',
  'ticket.failed': 'The relay could not process this request',
  'ticket.filed': 'Case filed with Microsoft',
  'ticket.filing_overdue': 'Reminder: the Microsoft case is not filed yet',
  'ticket.microsoft_updated': 'Microsoft updated the case',
  'ticket.closed': 'Case closed',
};

/**
 * One internal note per relay event, in plain text (every PSA shows it as typed): the decision, each reason with its
 * fix, where to go and how, Microsoft's ticket id, the incident, the case — then the marker.
 */
export function noteText(eventId: string, type: string, view: TicketView & { update?: unknown }): string {
  const lines = [`CSP Support Relay — ${HEADLINES[type] ?? type}`, `Relay ticket: ${view.ticketId} (${view.status})`];
  if (view.decision) lines.push(`Decision: ${view.decision}`);
  for (const reason of view.reasons) lines.push(`- ${reason.message}${reason.fix ? ` Fix: ${reason.fix}` : ''}`);
  const route = view.route;
  if (route) {
    lines.push(`Channel: ${route.target ?? route.channel}`);
    if (route.deepLink) lines.push(`Open: ${route.deepLink}`);
    const steps = stepsOf(route);
    if (steps.length) lines.push('Steps:', ...steps.map((s, i) => `${i + 1}. ${s}`));
    if (route.microsoftTicketId) lines.push(`Azure ticket: ${route.microsoftTicketId}`);
  }
  if (view.incident)
    lines.push(
      `Incident ${view.incident.id} (${view.incident.status}): ${view.incident.title}${view.incident.url ? ` ${view.incident.url}` : ''}`,
    );
  if (view.case.state)
    lines.push(
      `Case: ${view.case.state}${view.case.microsoftCaseId ? ` (${view.case.microsoftCaseId})` : ''}${view.case.closeReason ? ` — ${view.case.closeReason}` : ''}`,
    );
  lines.push(noteMarker(eventId));
  return lines.join('\n');
}

/** The hand-off steps the technician follows, where the channel has any (typed per channel, see shared/domain/route.ts). */
function stepsOf(route: Route): string[] {
  switch (route.channel) {
    case 'm365-admin-center':
    case 'power-platform-admin-center':
      return route.payload.steps ?? [];
    case 'isv-support':
    case 'none':
      return route.payload.nextSteps ?? [];
    case 'partner-own-support':
      return route.payload.instructions ?? [];
    default:
      return [];
  }
}
