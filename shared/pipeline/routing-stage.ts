import { findKnownIncident } from '../domain/routing/incident-gate.js';
import { routeTicket } from '../domain/routing/route-ticket.js';
import { owedNext } from './notification-stage.js';
import { evolve, type Decide } from './step.js';

/** Stage 3: service health first (rule 9), then the channel and its destination payload. */
export const decideRouting: Decide = async (deps, { ticket }) => {
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
  const routed = routeTicket({
    ticketId: ticket.ticketId,
    request: ticket.request,
    partner,
    customer,
    eligibility,
    gate,
    cloud: deps.settings.cloud,
    now,
  });
  if (routed.status === 'held' && routed.incident) {
    // Index first: if the step below loses a race, release finds a ticket that is not held and skips it.
    await deps.health.recordHold(routed.incident.id, { partnerTenantId: ticket.partnerTenantId, ticketId: ticket.ticketId });
    const held = evolve(deps, ticket, {
      status: 'held',
      ...(await owedNext(deps, ticket, 'ticket.held')),
      decision: routed.decision,
      reasons: routed.reasons,
      route: routed.route,
      incident: routed.incident,
      routedAt: now.toISOString(),
    });
    return { ticket: held, note: `held: known incident ${routed.incident.id}` };
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
  return { ticket: next, note: `routed to ${routed.route.channel}` };
};
