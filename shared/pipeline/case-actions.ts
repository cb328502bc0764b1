import type { TicketCase } from '../domain/case.js';
import { eventIdFor, toView, type EventType, type QueuedEvent, type Ticket, type TicketView } from '../domain/ticket.js';
import { StaleTicketError, type OutboxEntry } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';
import { oweEvent } from './owe-event.js';
import { evolve } from './step.js';

export type CaseAnswer = { kind: 'ok'; view: TicketView; changed: boolean } | { kind: 'not-found' } | { kind: 'conflict'; detail: string };

/**
 * `event`: the one event the change owes (its id derived from the type, so it is sent once per ticket). `events`:
 * several, each with its own id and data, sent in order (the Azure follow-up: one per Microsoft message, then
 * closed). Neither: a quiet write (the follow-up's next poll time), with no history row unless `keepNote` asks for
 * one (why the follow-up went quiet: Azure refused or throttled, which the technician must be able to read).
 */
export type Change =
  | { kind: 'change'; case: TicketCase; note: string; event?: EventType; events?: QueuedEvent[]; keepNote?: boolean }
  | { kind: 'same' }
  | { kind: 'conflict'; detail: string };

/** POST …/{ticketId}/case: the person who filed in the admin center reports Microsoft's case id (→ `ticket.filed`). */
export function recordCase(
  deps: Deps,
  partnerTenantId: string,
  ticketId: string,
  input: { microsoftCaseId: string; filedBy?: string },
): Promise<CaseAnswer> {
  return changeCase(deps, partnerTenantId, ticketId, (ticket) => {
    const c = ticket.case;
    if (!c?.state) return { kind: 'conflict', detail: notFollowed(ticket) };
    if (c.state === 'closed') return { kind: 'conflict', detail: 'The case is closed already; submit a new request for a new problem.' };
    if (c.state === 'filed') {
      if (c.microsoftCaseId === input.microsoftCaseId) return { kind: 'same' };
      return {
        kind: 'conflict',
        detail: `The case is already filed as ${c.microsoftCaseId ?? '(unknown)'}; a ticket follows one Microsoft case.`,
      };
    }
    const { reminderDueAt: _due, ...rest } = c;
    const filed: TicketCase = {
      ...rest,
      state: 'filed',
      microsoftCaseId: input.microsoftCaseId,
      filedAt: deps.clock.now().toISOString(),
      ...(input.filedBy ? { filedBy: input.filedBy } : {}),
    };
    return { kind: 'change', case: filed, event: 'ticket.filed', note: `filed with Microsoft as ${input.microsoftCaseId}` };
  });
}

/** POST …/{ticketId}/close: the partner closes the case (→ `ticket.closed`); closing again changes nothing. */
export function closeCase(deps: Deps, partnerTenantId: string, ticketId: string, input: { reason: string }): Promise<CaseAnswer> {
  return changeCase(deps, partnerTenantId, ticketId, (ticket) => closing(deps, ticket, input.reason));
}

export function closing(deps: Pick<Deps, 'clock'>, ticket: Ticket, reason: string): Change {
  const c = ticket.case;
  if (!c?.state) return { kind: 'conflict', detail: notFollowed(ticket) };
  if (c.state === 'closed') return { kind: 'same' };
  const { reminderDueAt: _due, followUp: _followUp, ...rest } = c;
  return {
    kind: 'change',
    case: { ...rest, state: 'closed', closedAt: deps.clock.now().toISOString(), closeReason: reason },
    event: 'ticket.closed',
    note: `case closed: ${reason}`,
  };
}

function notFollowed(ticket: Ticket): string {
  if (ticket.status === 'held')
    return 'The ticket is held by a known incident: nothing is to be filed with Microsoft while the incident lasts.';
  if (ticket.decision === null) return 'The ticket is still being checked; try again in a moment.';
  if (ticket.decision !== 'eligible')
    return `The ticket was not eligible for filing (decision ${ticket.decision}); there is no Microsoft case to record.`;
  return 'This ticket has no Microsoft case to follow (it went to the product publisher or the indirect provider).';
}

/** Read, decide, write with the ticket's ETag (a concurrent change is re-read), then publish the owed event. */
export async function changeCase(
  deps: Deps,
  partnerTenantId: string,
  ticketId: string,
  decide: (ticket: Ticket) => Change,
): Promise<CaseAnswer> {
  for (let race = 0; race < 3; race++) {
    const stored = await deps.tickets.get(partnerTenantId, ticketId);
    if (!stored || stored.ticket.partnerTenantId !== partnerTenantId) return { kind: 'not-found' };
    const change = decide(stored.ticket);
    if (change.kind === 'conflict') return change;
    if (change.kind === 'same') return { kind: 'ok', view: toView(stored.ticket), changed: false };
    const events = change.events ?? (change.event ? [{ type: change.event, id: eventIdFor(ticketId, change.event) }] : []);
    // The first event goes out now (or queues behind one under way); the rest queue behind it, all in this one write.
    let owed: { ticket: Ticket; next: OutboxEntry | null } = { ticket: evolve(deps, stored.ticket, { case: change.case }), next: null };
    for (const event of events) {
      const step = oweEvent(owed.ticket, event);
      owed = { ticket: step.ticket, next: owed.next ?? step.next };
    }
    try {
      // Nothing to tell (a poll that found no news): the ticket row only, no history row per poll.
      if (events.length === 0 && !change.keepNote) await deps.tickets.save(stored, owed.ticket);
      // An event queued behind one under way leaves that one's outbox row owed.
      else await deps.tickets.advance(stored, owed.ticket, change.note, owed.next ?? 'unchanged');
    } catch (error) {
      if (error instanceof StaleTicketError) continue;
      throw error;
    }
    if (owed.next) await deps.bus.send(owed.next.queue, [owed.next.message]).catch(() => undefined);
    return { kind: 'ok', view: toView(owed.ticket), changed: true };
  }
  return { kind: 'conflict', detail: 'The ticket kept changing while this was recorded; send the same request again.' };
}
