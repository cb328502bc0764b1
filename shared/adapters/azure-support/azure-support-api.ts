import { MicrosoftSupport, type MicrosoftSupportOptionalParams, type SupportTicketDetails } from '@azure/arm-support';
import type { TokenCredential } from '@azure/identity';
import type { SupportApi, SupportTicketRequest, SupportTicketResult } from '../../ports/support-api.js';
import { permanentOrThrow, statusOf } from './failures.js';
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
 * Files Azure support tickets with `@azure/arm-support` (Microsoft.Support/supportTickets) in the customer's
 * subscription: primary token from the customer tenant, the partner's token as the auxiliary one.
 *
 * The ticket name is derived from our ticket id, so a ticket found under it was filed by an earlier attempt whose
 * outcome we lost: that is success, and filing again is exactly what must not happen. Hence GET first, and a 409
 * on create is answered with another GET.
 */
export class AzureSupportApi implements SupportApi {
  constructor(private readonly options: AzureSupportApiOptions) {}

  async createTicket(request: SupportTicketRequest): Promise<SupportTicketResult> {
    const client = this.clientFor(request);
    try {
      const existing = await findTicket(client, request.ticketName);
      if (existing) return { kind: 'exists', supportTicketId: existing };
      const created = await client.supportTickets.beginCreateAndWait(request.ticketName, sdkModel(request.body), {
        updateIntervalInMs: this.options.pollIntervalMs ?? 5_000,
      });
      // The id is Microsoft's case number; should a create answer lack it, the resource name still finds the ticket.
      return { kind: 'created', supportTicketId: created.supportTicketId ?? (await findTicket(client, request.ticketName)) ?? request.ticketName };
    } catch (error) {
      if (statusOf(error) !== 409) return permanentOrThrow(error);
      // Taken, yet not visible: a create of ours still in flight. Throwing lets the redelivery find it.
      const existing = await findTicket(client, request.ticketName).catch(permanentOrThrow);
      if (existing === null) throw error;
      return typeof existing === 'string' ? { kind: 'exists', supportTicketId: existing } : existing;
    }
  }

  private clientFor(request: SupportTicketRequest): MicrosoftSupport {
    const arm = this.options.armEndpoint.replace(/\/+$/, '');
    const scope = `${arm}/.default`;
    const policies: PipelinePolicy[] = [auxiliaryPartnerToken(this.options.credential, request.partnerTenantId, scope), exactBody(request)];
    return new MicrosoftSupport(customerTenantCredential(this.options.credential, request.customerTenantId), request.subscriptionId, {
      $host: arm,
      endpoint: arm,
      credentialScopes: scope,
      apiVersion: API_VERSION,
      // The broker redelivers with back-off; retrying here as well would multiply the wait inside one invocation.
      retryOptions: { maxRetries: 0 },
      additionalPolicies: policies.map((policy) => ({ policy, position: 'perRetry' as const })),
      ...(this.options.httpClient ? { httpClient: this.options.httpClient } : {}),
    });
  }
}

/** Microsoft's supportTicketId of the ticket filed under `name`, or null when there is none. */
async function findTicket(client: MicrosoftSupport, name: string): Promise<string | null> {
  try {
    const found = await client.supportTickets.get(name);
    return found.supportTicketId ?? name;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/**
 * @azure/arm-support 2.1.0 (the newest published) models api-version 2020-04-01, and its serializer drops fields it
 * does not know, among them `advancedDiagnosticConsent`, which 2024-04-01 requires. The router's body is already
 * the exact wire body (read-only fields stripped), so it is sent as it is; everything else (URL, api-version,
 * tokens, long-running polling, error parsing) stays the SDK's.
 */
function exactBody(request: SupportTicketRequest): PipelinePolicy {
  const path = `/subscriptions/${request.subscriptionId}/providers/Microsoft.Support/supportTickets/${request.ticketName}`.toLowerCase();
  return {
    name: 'relayExactSupportTicketBody',
    sendRequest: (pipelineRequest, next) => {
      if (pipelineRequest.method === 'PUT' && new URL(pipelineRequest.url).pathname.toLowerCase() === path) {
        pipelineRequest.body = JSON.stringify(request.body);
      }
      return next(pipelineRequest);
    },
  };
}

/** The SDK's typed view of the same body; what goes on the wire is `exactBody`'s. */
function sdkModel(body: Record<string, unknown>): SupportTicketDetails {
  const properties = (body.properties ?? {}) as SupportTicketDetails & { problemStartTime?: string | Date };
  const { problemStartTime, ...rest } = properties;
  return { ...rest, ...(problemStartTime !== undefined ? { problemStartTime: new Date(problemStartTime) } : {}) };
}
