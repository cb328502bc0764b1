import { MicrosoftSupport, type MicrosoftSupportOptionalParams } from '@azure/arm-support';
import type { TokenCredential } from '@azure/identity';
import type { SupportTicketRef } from '../../ports/support-api.js';
import { auxiliaryPartnerToken, customerTenantCredential, type PipelinePolicy } from './tenant-tokens.js';

/** The Support API version the router builds bodies for (shared/domain/routing/azure-support-body.ts). */
const API_VERSION = '2024-04-01';

export interface AzureSupportApiOptions {
  /** Answers `getToken(scope, { tenantId })` for the customer tenants and the partner tenant (shared/runtime.ts builds it). */
  credential: TokenCredential;
  /** ARM of the relay's cloud, e.g. https://management.azure.com or https://management.usgovcloudapi.net. */
  armEndpoint: string;
  /** Tests answer here instead of the network. */
  httpClient?: MicrosoftSupportOptionalParams['httpClient'];
  /** How often the long-running create is polled (202 + azure-asyncoperation). */
  pollIntervalMs?: number;
}

/**
 * One ticket's client, filing and follow-up alike: the customer's subscription, a token from the customer's tenant
 * as the primary one and the partner's as the auxiliary one (CSP on-behalf-of, research/domain-facts.md §3).
 */
export function supportClient(options: AzureSupportApiOptions, ref: SupportTicketRef, extra: PipelinePolicy[] = []): MicrosoftSupport {
  const arm = options.armEndpoint.replace(/\/+$/, '');
  const scope = `${arm}/.default`;
  const policies: PipelinePolicy[] = [auxiliaryPartnerToken(options.credential, ref.partnerTenantId, scope), ...extra];
  return new MicrosoftSupport(customerTenantCredential(options.credential, ref.customerTenantId), ref.subscriptionId, {
    $host: arm,
    endpoint: arm,
    credentialScopes: scope,
    apiVersion: API_VERSION,
    // Filing: the broker redelivers with back-off. Follow-up: a throttled answer goes back to the caller, who moves
    // the ticket's next poll. Retrying here as well would multiply the wait inside one invocation.
    retryOptions: { maxRetries: 0 },
    additionalPolicies: policies.map((policy) => ({ policy, position: 'perRetry' as const })),
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  });
}
