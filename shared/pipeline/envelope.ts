import { z } from 'zod';
import type { Stage, Ticket } from '../domain/ticket.js';
import type { OutboxEntry, StoredTicket } from '../ports/ticket-store.js';
import { traceProperties } from '../tracing/trace-context.js';
import { PIPELINE } from './pipeline.js';

/**
 * The message between stages (README "Layout" (pipeline messages)). The ticket lives in Table Storage; a message
 * sent right after a step also carries the ticket as written and its ETag, so the next stage need not read it
 * (its conditional write still catches a copy gone stale). Outbox rows and republished messages carry no snapshot.
 */
export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('ticket.stage'),
  ticketId: z.string().min(1).max(100),
  partnerTenantId: z.string().min(1).max(100),
  correlationId: z.string().min(1).max(100),
  attempt: z.number().int().min(1).max(100),
  snapshot: z.object({ ticket: z.record(z.string(), z.unknown()), etag: z.string().min(1), version: z.number().int().min(1) }).optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** A snapshot larger than this is left out: the stage reads the ticket instead (messages stay well under 256 KB). */
const MAX_SNAPSHOT_CHARS = 64 * 1024;

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

/** The message the ticket owes its next stage (`ticket.nextStage`), or null when it owes none. */
export function outboxFor(ticket: Ticket, retry?: { attempt: number; at?: Date }): OutboxEntry | null {
  const stage = ticket.nextStage;
  if (stage === 'done') return null;
  const attempt = retry?.attempt ?? 1;
  const body: Envelope = {
    v: 1,
    type: 'ticket.stage',
    ticketId: ticket.ticketId,
    partnerTenantId: ticket.partnerTenantId,
    correlationId: ticket.correlationId,
    attempt,
  };
  return {
    queue: PIPELINE[stage].queue,
    message: {
      messageId: messageIdFor(ticket, stage, attempt),
      body,
      correlationId: ticket.correlationId,
      // Stored with the outbox row, so a message the sweeper re-sends keeps the trace too.
      applicationProperties: { partnerTenantId: ticket.partnerTenantId, stage, ...traceProperties(ticket.trace) },
      ...(retry?.at ? { scheduledEnqueueTimeUtc: retry.at } : {}),
    },
  };
}

/**
 * The outbox entry as sent live after its write: with the ticket just written, so the next stage skips a read.
 * Not for a ticket holding the customer's contact details: personal data stays out of queues (and dead-letter queues).
 */
export function withSnapshot(entry: OutboxEntry, written: StoredTicket): OutboxEntry {
  const snapshot = { ticket: written.ticket as unknown as Record<string, unknown>, etag: written.etag, version: written.version };
  if (!written.etag || written.ticket.customerContact || JSON.stringify(snapshot).length > MAX_SNAPSHOT_CHARS) return entry;
  return { ...entry, message: { ...entry.message, body: { ...(entry.message.body as Envelope), snapshot } } };
}

/** The ticket the message carries, when it is this message's ticket; otherwise the stage reads it. */
export function snapshotOf(envelope: Envelope): StoredTicket | null {
  const s = envelope.snapshot;
  if (!s || s.ticket.ticketId !== envelope.ticketId || s.ticket.partnerTenantId !== envelope.partnerTenantId) return null;
  return { ticket: s.ticket as unknown as Ticket, etag: s.etag, version: s.version };
}

/**
 * Depending on how a message was sent (an object, a JSON string, raw bytes), a trigger may hand over the body as an
 * object, a string or a Buffer; all three mean the same message (a stage envelope, a release message).
 */
export function messageJson(body: unknown): unknown {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : null;
  if (text === null) return body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return body;
  }
}
