import { toView, type TicketView } from '../domain/ticket.js';
import type { IncidentRef } from '../domain/route.js';
import type { Deps } from '../pipeline/deps.js';
import type { IncidentStatusChange } from '../ports/health-store.js';

export interface HeldIncident {
  incident: IncidentRef;
  history: IncidentStatusChange[];
  tickets: TicketView[];
}

/** Enough for a page; an incident holding more is the operator's cue to look at the CLI and the health source. */
const MAX_TICKETS_PER_INCIDENT = 100;

/**
 * Incidents that hold tickets now, with the tickets they hold: all of them for the admin (`partnerTenantId` null),
 * else only that partner's. An incident holding none of the partner's tickets is not shown to it.
 */
export async function heldIncidents(deps: Deps, partnerTenantId: string | null): Promise<HeldIncident[]> {
  const out: HeldIncident[] = [];
  for (const incidentId of await deps.health.holdingIncidentIds()) {
    const refs = (await deps.health.heldBy(incidentId)).filter((r) => partnerTenantId === null || r.partnerTenantId === partnerTenantId);
    const stored = await Promise.all(refs.slice(0, MAX_TICKETS_PER_INCIDENT).map((r) => deps.tickets.get(r.partnerTenantId, r.ticketId)));
    // The index can lag a release by a moment: only tickets still held count.
    const tickets = stored.flatMap((s) => (s && s.ticket.status === 'held' && s.ticket.incident?.id === incidentId ? [s.ticket] : []));
    const first = tickets[0];
    if (!first?.incident) continue;
    out.push({ incident: first.incident, history: await deps.health.incidentHistory(incidentId), tickets: tickets.map((t) => toView(t)) });
  }
  return out.sort((a, b) => b.tickets.length - a.tickets.length);
}
