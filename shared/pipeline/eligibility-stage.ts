import { checkEligibility } from '../domain/eligibility/check-eligibility.js';
import { evolve, type Decide } from './step.js';

/** Stage 2: directory facts (two point reads) → rules 1–8 and 10 → decision and reasons on the ticket. */
export const decideEligibility: Decide = async (deps, { ticket }) => {
  const [partner, customer] = await Promise.all([
    deps.directory.getPartner(ticket.partnerTenantId),
    deps.directory.getCustomer(ticket.request.customerTenantId),
  ]);
  const result = checkEligibility({
    partnerTenantId: ticket.partnerTenantId,
    request: ticket.request,
    partner,
    customer,
    now: deps.clock.now(),
  });
  const next = evolve(deps, ticket, {
    status: 'checked',
    nextStage: 'routing',
    decision: result.decision,
    reasons: result.reasons,
    customerCanSelfFile: result.customerCanSelfFile,
    eligibility: result,
  });
  const codes = result.reasons.map((r) => r.code).join(', ') || 'no findings';
  return { ticket: next, note: `${result.decision} (${codes})` };
};
