import { findKnownIncident } from '../domain/routing/incident-gate.js';
import { routeTicket } from '../domain/routing/route-ticket.js';
import type { Deps } from './deps.js';
import { outboxFor } from './envelope.js';
import { evolve, runStage, type StageResult } from './run-stage.js';

/** Stage 3: service health first (rule 9), then the channel and its destination payload. */
export function runRouting(deps: Deps, body: unknown): Promise<StageResult> {
  return runStage(deps, 'routing', body, async ({ ticket }) => {
    const eligibility = ticket.eligibility;
    if (!eligibility) throw new Error(`ticket ${ticket.ticketId} reached routing without an eligibility result`);
    const now = deps.clock.now();
    const [partner, customer, health] = await Promise.all([
      deps.directory.getPartner(ticket.partnerTenantId),
      deps.directory.getCustomer(ticket.request.customerTenantId),
      deps.health.currentFor(ticket.request.workload),
    ]);
    const gate = findKnownIncident({
      request: ticket.request,
      customerTenantId: ticket.request.customerTenantId,
      issues: health.issues,
      services: health.services,
      now,
    });
    const routed = routeTicket({ ticketId: ticket.ticketId, request: ticket.request, partner, customer, eligibility, gate, cloud: deps.settings.cloud, now });
    if (routed.status === 'held' && routed.incident) {
      // Index first: if the step below loses a race, release finds a ticket that is not held and skips it.
      await deps.health.recordHold(routed.incident.id, { partnerTenantId: ticket.partnerTenantId, ticketId: ticket.ticketId });
      const held = evolve(deps, ticket, {
        status: 'held',
        nextStage: 'notifications',
        decision: routed.decision,
        reasons: routed.reasons,
        route: routed.route,
        incident: routed.incident,
        pendingEvent: 'ticket.held',
        routedAt: now.toISOString(),
      });
      return { ticket: held, note: `held: known incident ${routed.incident.id}`, next: outboxFor(held, 'notifications') };
    }
    const next = evolve(deps, ticket, {
      status: 'routed',
      nextStage: 'recording',
      decision: routed.decision,
      reasons: routed.reasons,
      route: routed.route,
      incident: routed.incident,
      routedAt: now.toISOString(),
    });
    return { ticket: next, note: `routed to ${routed.route.channel}`, next: outboxFor(next, 'recording') };
  });
}
