import { z } from 'zod';
import type { Stage, Ticket } from '../domain/ticket.js';
import type { OutboxEntry } from '../ports/ticket-store.js';
import { QUEUES } from '../queues.js';

/** Claim-check envelope between stages (README "Layout" (pipeline messages)): the ticket itself stays in Table Storage. */
export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('ticket.stage'),
  ticketId: z.string().min(1).max(100),
  partnerTenantId: z.string().min(1).max(100),
  correlationId: z.string().min(1).max(100),
  attempt: z.number().int().min(1).max(100),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const QUEUE_OF: Record<Stage, OutboxEntry['queue']> = {
  eligibility: QUEUES.eligibility,
  routing: QUEUES.routing,
  recording: QUEUES.recording,
  notifications: QUEUES.notifications,
};

/**
 * `<ticketId>:<stage>` so a republished message collapses in duplicate detection. Notifications add the event and
 * attempt: one ticket can owe several events (held, then incident_resolved) and each retry is a new scheduled message.
 */
export function messageIdFor(ticket: Pick<Ticket, 'ticketId' | 'pendingEvent' | 'pendingEventId'>, stage: Stage, attempt = 1): string {
  if (stage !== 'notifications') return `${ticket.ticketId}:${stage}`;
  // A recurring event (ticket.microsoft_updated) names its occurrence, or the second would collapse into the first.
  const event = ticket.pendingEventId ?? ticket.pendingEvent ?? 'none';
  return attempt === 1 ? `${ticket.ticketId}:${stage}:${event}` : `${ticket.ticketId}:${stage}:${event}:${attempt}`;
}

export function outboxFor(ticket: Ticket, stage: Stage, attempt = 1, scheduledAt?: Date): OutboxEntry {
  const body: Envelope = {
    v: 1,
    type: 'ticket.stage',
    ticketId: ticket.ticketId,
    partnerTenantId: ticket.partnerTenantId,
    correlationId: ticket.correlationId,
    attempt,
  };
  return {
    queue: QUEUE_OF[stage],
    message: {
      messageId: messageIdFor(ticket, stage, attempt),
      body,
      correlationId: ticket.correlationId,
      applicationProperties: { partnerTenantId: ticket.partnerTenantId, stage },
      ...(scheduledAt ? { scheduledEnqueueTimeUtc: scheduledAt } : {}),
    },
  };
}
