import { forEachLimited } from '../concurrency.js';
import { StaleTicketError } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';
import { outboxFor } from './envelope.js';
import { fanOutIncidents } from './incident-fanout.js';
import { evolve } from './step.js';

/**
 * An incident resolved: every ticket it held is closed and owed `ticket.incident_resolved`. The transition is
 * conditional (ETag) and only from `held`, so two overlapping syncs release each ticket exactly once. A ticket leaves
 * the hold index only after its release is written, so a release cut short is finished by the next snapshot.
 */
export async function releaseHeldTickets(deps: Deps, incidentIds: string[]): Promise<number> {
  let released = 0;
  for (const incidentId of incidentIds) {
    // Tickets live in different partitions and are released independently; in parallel, a storm of thousands stays
    // well inside the 230 s an HTTP-triggered push may take in Azure.
    await forEachLimited(await deps.health.heldBy(incidentId), RELEASE_CONCURRENCY, async (ref) => {
      const outcome = await releaseOne(deps, ref.partnerTenantId, ref.ticketId, incidentId);
      if (outcome === 'released') released++;
      // 'routing': the routing stage indexed the hold and is about to write it; keep the row so the next run releases it.
      if (outcome !== 'routing') await deps.health.dropHold(incidentId, ref);
    });
  }
  return released;
}

const RELEASE_CONCURRENCY = 16;

async function releaseOne(deps: Deps, partnerTenantId: string, ticketId: string, incidentId: string): Promise<'released' | 'not-held' | 'routing'> {
  for (let race = 0; race < 3; race++) {
    const stored = await deps.tickets.get(partnerTenantId, ticketId);
    if (stored?.ticket.status === 'checked') return 'routing';
    if (!stored || stored.ticket.status !== 'held' || stored.ticket.incident?.id !== incidentId) return 'not-held';
    const closed = evolve(deps, stored.ticket, {
      status: 'closed',
      nextStage: 'notifications',
      pendingEvent: 'ticket.incident_resolved',
      incident: { ...stored.ticket.incident, status: 'resolved' },
    });
    const next = outboxFor(closed)!;
    try {
      await deps.tickets.advance(stored, closed, `incident ${incidentId} resolved`, next);
    } catch (error) {
      if (error instanceof StaleTicketError) continue;
      throw error;
    }
    await deps.bus.send(next.queue, [next.message]).catch(() => undefined);
    return 'released';
  }
  return 'routing'; // kept changing under us: leave it indexed and let the next run decide
}

/**
 * Stores a snapshot (docs/openapi.json (HealthSnapshot)), then releases every ticket held by an incident no stored snapshot shows as
 * active any more. Judging by state, not by this snapshot's changes, means a release that failed half-way (or an
 * incident that vanished from its source) is completed by the next push or sync instead of being missed for good.
 */
export async function applyHealthSnapshot(
  deps: Deps,
  snapshot: Parameters<Deps['health']['replaceSnapshot']>[0],
): Promise<{ resolved: string[]; released: number; partnerEvents: number }> {
  const { resolvedIssueIds } = await deps.health.replaceSnapshot(snapshot);
  const [holding, active] = await Promise.all([deps.health.holdingIncidentIds(), deps.health.activeIssueIds()]);
  const released = await releaseHeldTickets(deps, holding.filter((id) => !active.has(id)));
  // After the holds: a partner hears of the incident even if telling it fails (fan-out retries on the next snapshot).
  const fanOut = await fanOutIncidents(deps, snapshot, resolvedIssueIds);
  return { resolved: resolvedIssueIds, released, partnerEvents: fanOut.changed };
}
