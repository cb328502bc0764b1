import type { Subscription } from '../directory.js';
import { findAgent } from './find-agent.js';
import { withNestedGroups } from './nested-groups.js';
import { checkPartnerAccess } from './partner-access.js';
import { ineligible } from './result.js';
import { checkAzureFiler } from './rules/azure-filer.js';
import { checkClouds } from './rules/cloud.js';
import { customerNotFound, isRelated, partnerNotFound } from './rules/known-parties.js';
import { findMarketplaceProduct, isvSupport } from './rules/marketplace.js';
import { isOwnTenant, ownSubscription } from './rules/own-subscription.js';
import type { EligibilityInput, EligibilityResult } from './types.js';

export type { ChannelHint, EligibilityInput, EligibilityResult } from './types.js';

/**
 * The rules in docs/rules.md's order: 1 customer known and related → 3 marketplace → 2 own subscription →
 * 10 clouds → 4 Azure filer → 5–8 access. The first blocking rule decides, warnings are kept.
 * Pure: everything it needs is in `input` (gathered by point reads), `now` included.
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const { partner, request, now } = input;
  if (!partner) return ineligible(partnerNotFound(input.partnerTenantId));
  const agent = withNestedGroups(findAgent(partner.agents, request.agent), partner.groupMemberships);

  // Another partner's customer is answered exactly like an unknown tenant: nothing past this line may
  // run for it, or its outcome would tell the caller the tenant exists.
  const customer = input.customer && isRelated(partner, input.customer) ? input.customer : null;
  if (!customer) return ineligible(customerNotFound(request.customerTenantId), { agent });

  // Microsoft supports no marketplace product, in the partner's own tenant either: before rule 2.
  const product = findMarketplaceProduct(customer, request);
  if (product) return isvSupport(product, agent);

  if (isOwnTenant(partner, customer)) return ownSubscription(partner, agent);

  const cloud = checkClouds(partner, customer);
  if (cloud) return ineligible(cloud, { agent });

  let azureSubscription: Subscription | undefined;
  if (request.workload === 'azure') {
    const filer = checkAzureFiler(partner, customer, request.subscriptionId, agent);
    if (filer.kind === 'refused') return filer.result;
    azureSubscription = filer.subscription;
  }
  return checkPartnerAccess({ partner, customer, agent, request, now, azureSubscription });
}
