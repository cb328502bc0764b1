import type { QueuedEvent, Ticket } from '../domain/ticket.js';
import type { OutboxEntry } from '../ports/ticket-store.js';
import { outboxFor } from './envelope.js';

/** The ticket fields that say which event is owed now. */
export function pendingFrom(event: QueuedEvent): Pick<Ticket, 'pendingEvent' | 'pendingEventId' | 'pendingEventData'> {
  return { pendingEvent: event.type, pendingEventId: event.id, pendingEventData: event.data };
}

/**
 * Owes the tool one more event about a ticket after its pipeline is done (case filed, reminder, Microsoft's update,
 * closed). When no event is under way it goes to the notifications stage now (the returned outbox entry); otherwise
 * it waits in `queuedEvents` and the stage takes it up when the current one is done — one delivery at a time per ticket.
 */
export function oweEvent(ticket: Ticket, event: QueuedEvent): { ticket: Ticket; next: OutboxEntry | null } {
  if (ticket.nextStage !== 'done') return { ticket: { ...ticket, queuedEvents: [...(ticket.queuedEvents ?? []), event] }, next: null };
  const next: Ticket = { ...ticket, ...pendingFrom(event), nextStage: 'notifications' };
  return { ticket: next, next: outboxFor(next) };
}
