import type { Agent, Customer, Partner, Subscription } from '../../directory.js';
import { block } from '../../reasons.js';
import { ineligible } from '../result.js';
import { canonical, pickFirst, sameId } from '../same-id.js';
import type { EligibilityResult } from '../types.js';

export type FilerCheck = { kind: 'provider'; subscription: Subscription } | { kind: 'refused'; result: EligibilityResult };

/**
 * Rule 4: only the subscription's provider (direct partner or indirect provider) may open an Azure
 * request; resellers and advisors may not, even with their own support contract.
 */
export function checkAzureFiler(
  partner: Partner,
  customer: Customer,
  subscriptionId: string | undefined,
  agent: Agent | undefined,
): FilerCheck {
  const subscription = findAzureSubscription(partner, customer, subscriptionId);
  if (!subscription) {
    const reason = subscriptionId
      ? block(
          'SUBSCRIPTION_NOT_FOUND',
          `Azure subscription ${subscriptionId} is not on file for customer ${customer.name}.`,
          'Check the subscription id; if the customer bought it recently, refresh the directory and resubmit.',
        )
      : block(
          'SUBSCRIPTION_NOT_FOUND',
          'An Azure request needs the id of the subscription it is about.',
          'Send subscriptionId with the request.',
        );
    return { kind: 'refused', result: ineligible(reason, { agent }) };
  }
  if (sameId(subscription.providerTenantId, partner.tenantId)) return { kind: 'provider', subscription };

  if (partner.type === 'indirect-reseller') {
    const providerTenantId = subscription.providerTenantId ?? partner.indirectProviderTenantId;
    const reason = block(
      'RESELLER_CANNOT_FILE_AZURE',
      `Indirect resellers cannot open Azure support requests for a customer, even with their own support contract; only the provider of subscription ${subscription.id} can.`,
      providerTenantId
        ? `Forward the request to your indirect provider (tenant ${providerTenantId}), who files it.`
        : 'Forward the request to the indirect provider that sold this subscription, who files it (no provider is on file).',
    );
    return { kind: 'refused', result: ineligible(reason, { agent, channel: 'indirect-provider', providerTenantId }) };
  }

  const fix =
    subscription.channel === 'direct'
      ? 'The subscription was bought directly from Microsoft, not through CSP: the customer opens the request with Microsoft themselves.'
      : subscription.providerTenantId
        ? `Ask the subscription's provider (tenant ${subscription.providerTenantId}) to file it.`
        : 'Ask the partner that sold this subscription to file it.';
  const reason = block(
    'NOT_SUBSCRIPTION_PROVIDER',
    `Only the CSP partner that provides Azure subscription ${subscription.id} may open Azure requests for it, and ${partner.name} is not that partner.`,
    fix,
  );
  return { kind: 'refused', result: ineligible(reason, { agent }) };
}

/** Duplicate entries are bad data; prefer the one this partner provides, then a fixed order. */
function findAzureSubscription(partner: Partner, customer: Customer, subscriptionId: string | undefined): Subscription | undefined {
  const matches = customer.subscriptions.filter((s) => s.workload === 'azure' && sameId(s.id, subscriptionId));
  return pickFirst(matches, (s) => `${sameId(s.providerTenantId, partner.tenantId) ? 0 : 1} ${canonical(s)}`);
}
