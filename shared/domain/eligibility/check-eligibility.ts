import type { Subscription } from '../directory.js';
import { findAgent } from './find-agent.js';
import { checkPartnerAccess } from './partner-access.js';
import { ineligible } from './result.js';
import { checkAzureFiler } from './rules/azure-filer.js';
import { checkClouds } from './rules/cloud.js';
import { customerNotFound, partnerNotFound } from './rules/known-parties.js';
import { findMarketplaceProduct, isvSupport } from './rules/marketplace.js';
import { isOwnTenant, ownSubscription } from './rules/own-subscription.js';
import type { EligibilityInput, EligibilityResult } from './types.js';

export type { ChannelHint, EligibilityInput, EligibilityResult } from './types.js';

/**
 * DOMAIN.md rules 1–8 and 10, in rule order: the first blocking rule decides, warnings are kept.
 * Pure: everything it needs is in `input` (gathered by point reads), `now` included.
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const { partner, customer, request, now } = input;
  if (!partner) return ineligible(partnerNotFound(input.partnerTenantId));
  const agent = findAgent(partner.agents, request.agent);

  if (!customer) return ineligible(customerNotFound(request.customerTenantId), { agent });
  // Rule 10 right after the customer is known: no other answer makes sense across clouds.
  const cloud = checkClouds(partner, customer);
  if (cloud) return ineligible(cloud, { agent });

  if (isOwnTenant(partner, customer)) return ownSubscription(partner, agent);

  const product = findMarketplaceProduct(customer, request);
  if (product) return isvSupport(product, agent);

  let azureSubscription: Subscription | undefined;
  if (request.workload === 'azure') {
    const filer = checkAzureFiler(partner, customer, request.subscriptionId, agent);
    if (filer.kind === 'refused') return filer.result;
    azureSubscription = filer.subscription;
  }
  return checkPartnerAccess({ partner, customer, agent, request, now, azureSubscription });
}
