import { z } from 'zod';
import { forEachLimited } from '../concurrency.js';
import { DeadLetterError, type OutgoingMessage } from '../ports/bus.js';
import type { HeldTicketRef } from '../ports/health-store.js';
import { StaleTicketError } from '../ports/ticket-store.js';
import { QUEUES } from '../queues.js';
import type { Deps } from './deps.js';
import { messageJson, outboxFor, withSnapshot } from './envelope.js';
import { fanOutIncidents } from './incident-fanout.js';
import { owedNext } from './notification-stage.js';
import { evolve } from './step.js';

/** Tickets one release message carries: small enough for one handler run, many enough to keep messages few. */
export const RELEASE_BATCH = 100;
const RELEASE_CONCURRENCY = 32;

/**
 * Work on the `incident-releases` queue: `tickets` absent = plan the release of everything the incident holds (fan
 * out into batches); present = release those tickets. Both are idempotent: a ticket is released only from `held`.
 */
export const releaseMessageSchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('incident.release'),
  incidentId: z.string().min(1).max(200),
  /** The snapshot that asked for the release: a later snapshot's release is new work, not a duplicate of this one. */
  round: z.string().min(1).max(100),
  tickets: z
    .array(z.strictObject({ partnerTenantId: z.string().min(1).max(100), ticketId: z.string().min(1).max(100) }))
    .max(RELEASE_BATCH)
    .optional(),
});
export type ReleaseMessage = z.infer<typeof releaseMessageSchema>;

/**
 * Stores a snapshot (docs/openapi.json (HealthSnapshot)), then releases every ticket held by an incident no stored
 * snapshot shows as active any more. Judging by state, not by this snapshot's changes, means a release that failed
 * half-way (or an incident that vanished from its source) is completed by the next push or sync instead of being
 * missed for good. `queue` (the HTTP push and the timer): the release is queued work the release function drains,
 * so a storm of thousands of held tickets never runs inside one request; `inline` (the CLI, which has no broker
 * of its own that outlives it): released here and counted.
 */
export async function applyHealthSnapshot(
  deps: Deps,
  snapshot: Parameters<Deps['health']['replaceSnapshot']>[0],
  mode: 'queue' | 'inline' = 'queue',
): Promise<{ resolved: string[]; releasing: string[]; released: number; partnerEvents: number }> {
  const { resolvedIssueIds } = await deps.health.replaceSnapshot(snapshot);
  const [holding, active] = await Promise.all([deps.health.holdingIncidentIds(), deps.health.activeIssueIds()]);
  const releasing = holding.filter((id) => !active.has(id));
  let released = 0;
  if (mode === 'inline') {
    for (const incidentId of releasing) released += await releaseTickets(deps, incidentId, await deps.health.heldBy(incidentId));
  } else if (releasing.length > 0) {
    await deps.bus.send(
      QUEUES.incidentReleases,
      releasing.map((incidentId) => releaseMessage({ v: 1, type: 'incident.release', incidentId, round: snapshot.capturedAt })),
    );
  }
  // After the holds: a partner hears of the incident even if telling it fails (fan-out retries on the next snapshot).
  const fanOut = await fanOutIncidents(deps, snapshot, resolvedIssueIds);
  return { resolved: resolvedIssueIds, releasing, released, partnerEvents: fanOut.changed };
}

/** The release function's use case: plan (one message per batch of held tickets) or release one batch. */
export async function runRelease(deps: Deps, body: unknown): Promise<{ planned: number; released: number }> {
  const parsed = releaseMessageSchema.safeParse(messageJson(body));
  if (!parsed.success) throw new DeadLetterError('SchemaValidationFailed', 'not an incident.release message');
  const { incidentId, round, tickets } = parsed.data;
  if (tickets) return { planned: 0, released: await releaseTickets(deps, incidentId, tickets) };
  const held = await deps.health.heldBy(incidentId);
  const batches: OutgoingMessage[] = [];
  for (let at = 0; at < held.length; at += RELEASE_BATCH) {
    batches.push(releaseMessage({ v: 1, type: 'incident.release', incidentId, round, tickets: held.slice(at, at + RELEASE_BATCH) }));
  }
  // Service Bus takes at most 100 messages (and 256 KB) per send.
  for (let at = 0; at < batches.length; at += 50) await deps.bus.send(QUEUES.incidentReleases, batches.slice(at, at + 50));
  return { planned: batches.length, released: 0 };
}

/** A plan is named by its incident and round, a batch also by its first ticket: one sent twice collapses in duplicate detection. */
function releaseMessage(body: ReleaseMessage): OutgoingMessage {
  const plan = `release:${body.incidentId}:${body.round}`;
  const first = body.tickets?.[0];
  return { messageId: first ? `${plan}:${first.ticketId}` : plan, body };
}

async function releaseTickets(deps: Deps, incidentId: string, refs: HeldTicketRef[]): Promise<number> {
  let released = 0;
  const done: HeldTicketRef[] = [];
  await forEachLimited(refs, RELEASE_CONCURRENCY, async (ref) => {
    const outcome = await releaseOne(deps, ref.partnerTenantId, ref.ticketId, incidentId);
    if (outcome === 'released') released++;
    // 'routing': the routing stage indexed the hold and is about to write it; keep the row so the next run releases it.
    if (outcome !== 'routing') done.push(ref);
  });
  // Only after the tickets' writes: a batch cut short keeps its rows and the next snapshot finishes it.
  await deps.health.dropHolds(incidentId, done);
  return released;
}

async function releaseOne(
  deps: Deps,
  partnerTenantId: string,
  ticketId: string,
  incidentId: string,
): Promise<'released' | 'not-held' | 'routing'> {
  for (let race = 0; race < 3; race++) {
    const stored = await deps.tickets.get(partnerTenantId, ticketId);
    if (stored?.ticket.status === 'checked') return 'routing';
    if (!stored || stored.ticket.status !== 'held' || stored.ticket.incident?.id !== incidentId) return 'not-held';
    const closed = evolve(deps, stored.ticket, {
      status: 'closed',
      ...(await owedNext(deps, stored.ticket, 'ticket.incident_resolved')),
      incident: { ...stored.ticket.incident, status: 'resolved' },
    });
    const next = outboxFor(closed);
    try {
      const written = await deps.tickets.advance(stored, closed, `incident ${incidentId} resolved`, next);
      if (next) await deps.bus.send(next.queue, [withSnapshot(next, written).message]).catch(() => undefined);
    } catch (error) {
      if (error instanceof StaleTicketError) continue;
      throw error;
    }
    return 'released';
  }
  return 'routing'; // kept changing under us: leave it indexed and let the next run decide
}
