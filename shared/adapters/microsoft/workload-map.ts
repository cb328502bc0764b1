import type { Workload } from '../../domain/submission.js';

/**
 * The one place that turns Microsoft's names into the relay's workloads.
 *
 * Graph service health names (`serviceHealth.service`, e.g. "Exchange Online", "Microsoft Teams",
 * "Dynamics 365 Apps"; https://learn.microsoft.com/graph/api/resources/servicehealth). The feed is
 * Microsoft 365's, so anything not listed is office365. "Identity Service" is Entra ID sign-in,
 * which the relay files under EMS with Intune and Entra.
 */
const GRAPH_SERVICES: readonly [RegExp, Workload][] = [
  [/^dynamics 365\b|^dynamics crm\b|^power apps\b|^power automate\b/i, 'dynamics'],
  [/^microsoft intune\b|^microsoft entra\b|^identity service\b|^azure information protection\b|^mobile device management\b/i, 'ems'],
];

export function workloadOfGraphService(service: string): Workload {
  return GRAPH_SERVICES.find(([pattern]) => pattern.test(service.trim()))?.[1] ?? 'office365';
}

/**
 * Partner Center subscriptions (https://learn.microsoft.com/partner-center/developer/subscription-resources):
 * `productType.id` "Azure" is the Azure plan or an Azure reservation/marketplace item; otherwise the
 * offer name decides (best effort: Partner Center has no workload field). Order matters: "Azure
 * Active Directory Premium" is EMS, not Azure.
 */
const OFFERS: readonly [RegExp, Workload][] = [
  [/dynamics|power apps|power automate/i, 'dynamics'],
  [/enterprise mobility|\bems\b|intune|entra|azure active directory|azure ad premium|azure information protection/i, 'ems'],
  [/azure/i, 'azure'],
];

export function workloadOfOffer(offer: { productTypeId?: string | undefined; offerName: string }): Workload {
  if (offer.productTypeId?.toLowerCase() === 'azure') return 'azure';
  return OFFERS.find(([pattern]) => pattern.test(offer.offerName))?.[1] ?? 'office365';
}
