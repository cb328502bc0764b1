import type { Agent, Customer, Partner } from '../../directory.js';
import { block } from '../../reasons.js';
import { eligible, ineligible } from '../result.js';
import { sameId } from '../same-id.js';
import type { EligibilityResult } from '../types.js';

/** Rule 2 applies when the "customer" is the partner's own tenant. */
export const isOwnTenant = (partner: Partner, customer: Customer): boolean => sameId(partner.tenantId, customer.tenantId);

/** Rule 2: CSP support does not cover a partner's own subscriptions; it files under its own plan. */
export function ownSubscription(partner: Partner, agent: Agent | undefined): EligibilityResult {
  const plan = partner.ownSupportPlan;
  if (plan) return eligible('partner-own-support', [], agent, { plan: { kind: plan.kind, id: plan.id } });
  return ineligible(
    block(
      'OWN_SUBSCRIPTION_NEEDS_PLAN',
      "This is your own tenant: the CSP support entitlement does not cover a partner's own subscriptions, and no support plan of yours is on file.",
      'Add your own plan (AI Cloud Partner Program agreement id, Premier or Unified contract, or Azure support plan) to the directory as ownSupportPlan, or file the request in your own tenant under that plan.',
    ),
    { agent },
  );
}
