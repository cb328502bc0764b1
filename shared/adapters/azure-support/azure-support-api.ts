import type { MicrosoftSupport, SupportTicketDetails } from '@azure/arm-support';
import type { SupportApi, SupportTicketRef, SupportTicketRequest, SupportTicketResult } from '../../ports/support-api.js';
import { listCommunications, readStatus } from './azure-support-follow-up.js';
import { statusCodeOf } from '../../errors.js';
import { permanentOrThrow } from './failures.js';
import { supportClient, type AzureSupportApiOptions } from './support-client.js';
import type { PipelinePolicy } from './tenant-tokens.js';

export type { AzureSupportApiOptions } from './support-client.js';

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
      return {
        kind: 'created',
        supportTicketId: created.supportTicketId ?? (await findTicket(client, request.ticketName)) ?? request.ticketName,
      };
    } catch (error) {
      if (statusCodeOf(error) !== 409) return permanentOrThrow(error);
      // Taken, yet not visible: a create of ours still in flight. Throwing lets the redelivery find it.
      const existing = await findTicket(client, request.ticketName).catch(permanentOrThrow);
      if (existing === null) throw error;
      return typeof existing === 'string' ? { kind: 'exists', supportTicketId: existing } : existing;
    }
  }

  ticketStatus(ref: SupportTicketRef): ReturnType<SupportApi['ticketStatus']> {
    return readStatus(supportClient(this.options, ref), ref.ticketName);
  }

  communications(ref: SupportTicketRef, options: Parameters<SupportApi['communications']>[1]): ReturnType<SupportApi['communications']> {
    return listCommunications(supportClient(this.options, ref), ref.ticketName, options);
  }

  private clientFor(request: SupportTicketRequest): MicrosoftSupport {
    return supportClient(this.options, request, [exactBody(request)]);
  }
}

/** Microsoft's supportTicketId of the ticket filed under `name`, or null when there is none. */
async function findTicket(client: MicrosoftSupport, name: string): Promise<string | null> {
  try {
    const found = await client.supportTickets.get(name);
    return found.supportTicketId ?? name;
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
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
