import { StaleTicketError } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';
import { outboxFor } from './envelope.js';
import { evolve } from './run-stage.js';

/**
 * An incident resolved: every ticket it held is closed and owed `ticket.incident_resolved`. The transition is
 * conditional (ETag) and only from `held`, so two overlapping syncs release each ticket exactly once.
 */
export async function releaseHeldTickets(deps: Deps, incidentIds: string[]): Promise<number> {
  let released = 0;
  for (const incidentId of incidentIds) {
    for (const ref of await deps.health.heldBy(incidentId)) {
      if (await releaseOne(deps, ref.partnerTenantId, ref.ticketId, incidentId)) released++;
    }
  }
  return released;
}

async function releaseOne(deps: Deps, partnerTenantId: string, ticketId: string, incidentId: string): Promise<boolean> {
  for (let race = 0; race < 3; race++) {
    const stored = await deps.tickets.get(partnerTenantId, ticketId);
    if (!stored || stored.ticket.status !== 'held' || stored.ticket.incident?.id !== incidentId) return false;
    const closed = evolve(deps, stored.ticket, {
      status: 'closed',
      nextStage: 'notifications',
      pendingEvent: 'ticket.incident_resolved',
      incident: { ...stored.ticket.incident, status: 'resolved' },
    });
    const next = outboxFor(closed, 'notifications');
    try {
      await deps.tickets.advance(stored, closed, `incident ${incidentId} resolved`, next);
    } catch (error) {
      if (error instanceof StaleTicketError) continue;
      throw error;
    }
    await deps.bus.send(next.queue, [next.message]).catch(() => undefined);
    return true;
  }
  return false;
}

/** Stores a snapshot (CONTRACT.md §5) and releases what its resolved incidents held. */
export async function applyHealthSnapshot(deps: Deps, snapshot: Parameters<Deps['health']['replaceSnapshot']>[0]): Promise<{ resolved: string[]; released: number }> {
  const { resolvedIssueIds } = await deps.health.replaceSnapshot(snapshot);
  const released = await releaseHeldTickets(deps, resolvedIssueIds);
  return { resolved: resolvedIssueIds, released };
}
