import { readFileSync } from 'node:fs';
import { AzureSupportApi } from '../../shared/adapters/azure-support/azure-support-api.js';
import type { SupportApi, SupportTicketRequest, SupportTicketResult } from '../../shared/ports/support-api.js';
import { armError, fakeArm, fakeCredential, type Answer, type SeenRequest } from '../adapters/azure-support/fake-arm.js';

/** Recorded response bodies (sources: test/fixtures/azure-support/README.md). */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/azure-support/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const OPEN = fixture('ticket-open.json');
const CLOSED = fixture('ticket-closed.json');
const OUTBOUND = (fixture('communications.json').value as Record<string, unknown>[])[0]!;
const INBOUND = fixture('communication-inbound.json');
const ARM = 'https://management.azure.com';

interface AzureCase {
  request: SupportTicketRequest;
  supportTicketId: string;
  closed: boolean;
  communications: Record<string, unknown>[];
}

export interface Message {
  name: string;
  subject: string;
  body: string;
  createdDate: string;
  sender?: string;
}

/**
 * Azure support as far as the relay can tell. Filing: a ticket name files once; the same name again answers "exists"
 * with the same id, as the real API does for our deterministic names; `answerNext` scripts a one-off answer.
 * Follow-up: the real adapter (@azure/arm-support) reads from an in-memory ARM that answers with the recorded
 * bodies, pages communications by 10 with nextLink, honours `$filter=createdDate ge …`, and refuses a read without
 * the customer's token as primary and the partner's as auxiliary.
 */
export function fakeSupportApi() {
  const filed = new Map<string, string>();
  const cases = new Map<string, AzureCase>();
  const calls: SupportTicketRequest[] = [];
  const oneOff: Answer[] = [];
  let next: (() => SupportTicketResult) | null = null;
  const arm = fakeArm((seen) => oneOff.shift() ?? read(cases, seen));
  const reader = new AzureSupportApi({ credential: fakeCredential(), armEndpoint: ARM, httpClient: arm.httpClient });
  const api: SupportApi = {
    createTicket: async (request) => {
      calls.push(request);
      const scripted = next;
      next = null;
      if (scripted) return scripted();
      const existing = filed.get(request.ticketName);
      if (existing) return { kind: 'exists', supportTicketId: existing };
      const id = `2405${String(filed.size + 1).padStart(12, '0')}`;
      filed.set(request.ticketName, id);
      cases.set(request.ticketName, { request, supportTicketId: id, closed: false, communications: [] });
      return { kind: 'created', supportTicketId: id };
    },
    ticketStatus: (ref) => reader.ticketStatus(ref),
    communications: (ref, options) => reader.communications(ref, options),
  };
  const caseOf = (ticketName: string) => {
    const found = cases.get(ticketName);
    if (!found) throw new Error(`no Azure ticket ${ticketName} was filed`);
    return found;
  };
  return {
    api,
    filed,
    calls,
    /** Every ARM request the follow-up made. */
    reads: arm.seen,
    answerNext: (answer: () => SupportTicketResult) => void (next = answer),
    /** A Microsoft engineer writes on the case (`outbound`). */
    microsoftWrites: (ticketName: string, m: Message) =>
      void caseOf(ticketName).communications.push(communication(OUTBOUND, ticketName, m, 'xyz@contoso.com')),
    /** The customer or the partner adds a message through the portal or the API (`inbound`). */
    customerWrites: (ticketName: string, m: Message) =>
      void caseOf(ticketName).communications.push(communication(INBOUND, ticketName, m, 'test@test.com')),
    closeByMicrosoft: (ticketName: string) => void (caseOf(ticketName).closed = true),
    /** The next ARM read is refused for good (403 AuthorizationFailed, as when the partner's access was removed). */
    refuseNext: (message: string) => void oneOff.push(armError(403, 'AuthorizationFailed', message)),
    /** The next ARM read answers 429 with this Retry-After. */
    throttleNext: (retryAfterSeconds: number) =>
      void oneOff.push({
        ...armError(429, 'TooManyRequests', 'The request was throttled.'),
        headers: { 'retry-after': String(retryAfterSeconds) },
      }),
  };
}

function communication(template: Record<string, unknown>, ticketName: string, m: Message, sender: string): Record<string, unknown> {
  const properties = template.properties as Record<string, unknown>;
  return {
    ...template,
    id: `${String(template.id).replace(/supportTickets\/.*$/, `supportTickets/${ticketName}`)}/communications/${m.name}`,
    name: m.name,
    properties: { ...properties, subject: m.subject, body: m.body, sender: m.sender ?? sender, createdDate: m.createdDate },
  };
}

const TICKET_PATH = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Support\/supportTickets\/([^/]+)(\/communications)?$/i;

function read(cases: Map<string, AzureCase>, seen: SeenRequest): Answer {
  const match = TICKET_PATH.exec(seen.url.pathname);
  const found = match ? cases.get(decodeURIComponent(match[2]!)) : undefined;
  if (seen.method !== 'GET' || !match || !found || found.request.subscriptionId !== match[1])
    return armError(404, 'ResourceNotFound', 'The support ticket was not found.');
  if (seen.url.searchParams.get('api-version') !== '2024-04-01')
    return armError(400, 'InvalidApiVersion', 'api-version 2024-04-01 expected by this fake');
  if (
    seen.authorization !== `Bearer tok-${found.request.customerTenantId}` ||
    seen.auxiliary !== `Bearer tok-${found.request.partnerTenantId}`
  ) {
    return armError(401, 'InvalidAuthenticationToken', 'CSP on-behalf-of needs the customer token and the partner token as auxiliary');
  }
  if (!match[3]) {
    const ticket = found.closed ? CLOSED : OPEN;
    const properties = { ...(ticket.properties as Record<string, unknown>), supportTicketId: found.supportTicketId };
    return { status: 200, body: { ...ticket, id: seen.url.pathname, name: match[2], properties } };
  }
  return { status: 200, body: page(found.communications, seen.url) };
}

/** `$top` (max 10), `$filter=createdDate ge <time>`, and an opaque `$skiptoken` of the fake's own in nextLink. */
function page(all: Record<string, unknown>[], url: URL): Record<string, unknown> {
  const top = Math.min(10, Number(url.searchParams.get('$top') ?? 10));
  const since = /createdDate ge (\S+)/.exec(url.searchParams.get('$filter') ?? '')?.[1];
  const matching = since
    ? all.filter((c) => Date.parse(String((c.properties as Record<string, unknown>).createdDate)) >= Date.parse(since))
    : all;
  const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
  const value = matching.slice(skip, skip + top);
  if (skip + top >= matching.length) return { value };
  const nextLink = new URL(url);
  nextLink.searchParams.set('$skiptoken', String(skip + top));
  return { value, nextLink: nextLink.toString() };
}
