import type { CommunicationDetails, MicrosoftSupport } from '@azure/arm-support';
import type { SupportApi, SupportCommunication, Throttled } from '../../ports/support-api.js';
import { parseRetryAfter } from '../webhooks/retry-after.js';
import { statusCodeOf } from '../../errors.js';
import { permanentOrThrow } from './failures.js';

/**
 * Reading an API-filed ticket back (GET …/supportTickets/{name} and …/{name}/communications, api-version 2024-04-01).
 * A throttled answer is a value, not an exception: the follow-up timer moves that ticket's next poll by Retry-After
 * and stops asking for the partner in this run — retrying in place would only spend the same quota again.
 */

/** ARM's documented answer to throttling is 429 with Retry-After (learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling). */
const THROTTLED_WITHOUT_RETRY_AFTER_SECONDS = 60;
/** A Retry-After longer than a day is treated as a day: the case is still worth looking at. */
const MAX_RETRY_AFTER_SECONDS = 86_400;
/** `$top` for communications: "Default is 10 and max is 10" (support.json 2024-04-01, Communications_List). */
const COMMUNICATIONS_PAGE = 10;

type Status = Awaited<ReturnType<SupportApi['ticketStatus']>>;
type Communications = Awaited<ReturnType<SupportApi['communications']>>;

export async function readStatus(client: MicrosoftSupport, ticketName: string): Promise<Status> {
  try {
    const ticket = await client.supportTickets.get(ticketName);
    return { kind: 'status', status: ticket.status ?? 'unknown' };
  } catch (error) {
    return throttled(error) ?? permanentOrThrow(error);
  }
}

export async function listCommunications(
  client: MicrosoftSupport,
  ticketName: string,
  options: { createdSince?: string; maxPages: number },
): Promise<Communications> {
  // The documented filter form: "communicationType eq 'web' and createdDate ge 2020-03-10T22:08:51Z" (examples/ListWebCommunicationsForSubscriptionSupportTicketCreatedOnOrAfter.json).
  const filter = options.createdSince ? `createdDate ge ${options.createdSince.replace(/\.\d+Z$/, 'Z')}` : undefined;
  const items: SupportCommunication[] = [];
  try {
    const pages = client.communications.list(ticketName, { top: COMMUNICATIONS_PAGE, ...(filter ? { filter } : {}) }).byPage();
    for (let page = 0; page < options.maxPages; page++) {
      const next = await pages.next();
      if (next.done) return { kind: 'communications', items, complete: true };
      items.push(...next.value.map(communicationOf));
    }
    // Stopped at the page limit without asking whether more remain (that would cost the call we are saving).
    return { kind: 'communications', items, complete: false };
  } catch (error) {
    return throttled(error) ?? permanentOrThrow(error);
  }
}

function communicationOf(c: CommunicationDetails): SupportCommunication {
  return {
    name: c.name ?? '',
    direction: c.communicationDirection?.toLowerCase() ?? null,
    sender: c.sender ?? null,
    // The SDK turns `date-time` fields into Dates.
    createdDate: c.createdDate ? new Date(c.createdDate).toISOString() : null,
    subject: c.subject ?? '',
    body: c.body ?? '',
  };
}

/** 429 always; 503 only when it says when to come back (otherwise it is an outage: thrown, like any 5xx). */
function throttled(error: unknown): Throttled | null {
  const status = statusCodeOf(error);
  if (status !== 429 && status !== 503) return null;
  const header = (error as { response?: { headers?: { get(name: string): string | undefined } } }).response?.headers?.get('retry-after');
  const seconds = parseRetryAfter(header, new Date());
  if (seconds === undefined && status === 503) return null;
  return {
    kind: 'throttled',
    retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds ?? THROTTLED_WITHOUT_RETRY_AFTER_SECONDS)),
  };
}
