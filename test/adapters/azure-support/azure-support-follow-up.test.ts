import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AzureSupportApi } from '../../../shared/adapters/azure-support/azure-support-api.js';
import type { SupportTicketRef } from '../../../shared/ports/support-api.js';
import { armError, fakeArm, fakeCredential, type Answer, type SeenRequest } from './fake-arm.js';

/** Recorded bodies, sources in test/fixtures/azure-support/README.md. */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/azure-support/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const ref: SupportTicketRef = {
  subscriptionId: '132d901f-189d-4381-9214-fe68e27e05a1',
  ticketName: 'testticket',
  customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  partnerTenantId: '11111111-1111-4111-8111-111111111111',
};
const base = `https://management.azure.com/subscriptions/${ref.subscriptionId}/providers/Microsoft.Support/supportTickets/testticket`;

function api(answer: (seen: SeenRequest, index: number) => Answer) {
  const arm = fakeArm(answer);
  return {
    support: new AzureSupportApi({ credential: fakeCredential(), armEndpoint: 'https://management.azure.com', httpClient: arm.httpClient }),
    seen: arm.seen,
  };
}

describe('Azure Support API follow-up reads (GET supportTickets/{name}, …/communications)', () => {
  it('when the ticket is read, then its status comes back, asked with api-version 2024-04-01 and the CSP token pair', async () => {
    const { support, seen } = api(() => ({ status: 200, body: fixture('ticket-open.json') }));
    expect(await support.ticketStatus(ref)).toEqual({ kind: 'status', status: 'Open' });
    expect(seen[0]!.url.origin + seen[0]!.url.pathname).toBe(base);
    expect(seen[0]!.url.searchParams.get('api-version')).toBe('2024-04-01');
    expect(seen[0]!.authorization).toBe(`Bearer tok-${ref.customerTenantId}`);
    expect(seen[0]!.auxiliary).toBe(`Bearer tok-${ref.partnerTenantId}`);

    const closed = api(() => ({ status: 200, body: fixture('ticket-closed.json') }));
    expect(await closed.support.ticketStatus(ref)).toEqual({ kind: 'status', status: 'Closed' });
  });

  it('when communications span pages, then nextLink is followed and each message keeps its direction, sender, time and body', async () => {
    const [first, second] = fixture('communications.json').value as unknown[];
    const nextLink = `${base}/communications?api-version=2024-04-01&$skiptoken=abc`;
    const { support, seen } = api((_s, i) =>
      i === 0
        ? { status: 200, body: { value: [first], nextLink } }
        : { status: 200, body: { value: [second, fixture('communication-inbound.json')] } },
    );
    const listed = await support.communications(ref, { maxPages: 10 });
    expect(listed).toEqual({
      kind: 'communications',
      complete: true,
      items: [
        {
          name: 'testmessage1',
          direction: 'outbound',
          sender: 'user@contoso.com',
          createdDate: '2020-03-24T20:18:19.000Z',
          subject: 'this is a test message',
          body: 'this is a test message',
        },
        {
          name: 'testmessage2',
          direction: 'outbound',
          sender: 'user@contoso.com',
          createdDate: '2020-03-29T10:53:19.000Z',
          subject: 'test',
          body: 'test',
        },
        {
          name: 'test123',
          direction: 'inbound',
          sender: 'test@test.com',
          createdDate: '2024-02-22T06:54:29.000Z',
          subject: 'test subject - TrackingID#2402220010002574',
          body: '<pre>this is a test message from PS</pre>',
        },
      ],
    });
    expect(seen[0]!.url.searchParams.get('$top')).toBe('10');
    expect(seen[1]!.url.toString()).toBe(nextLink);
  });

  it('when asked for messages since a time, then the documented createdDate filter is sent; at the page limit the list says it is incomplete', async () => {
    const page = { value: fixture('communications.json').value, nextLink: `${base}/communications?api-version=2024-04-01&$skiptoken=more` };
    const { support, seen } = api(() => ({ status: 200, body: page }));
    const listed = await support.communications(ref, { createdSince: '2026-03-01T08:00:00.000Z', maxPages: 2 });
    expect(listed).toMatchObject({ kind: 'communications', complete: false });
    expect(seen).toHaveLength(2);
    expect(seen[0]!.url.searchParams.get('$filter')).toBe('createdDate ge 2026-03-01T08:00:00Z');
  });

  it.each<[string, Answer, number]>([
    ['429 with Retry-After seconds', { ...armError(429, 'TooManyRequests', 'throttled'), headers: { 'retry-after': '17' } }, 17],
    ['429 without Retry-After', armError(429, 'TooManyRequests', 'throttled'), 60],
    ['503 with Retry-After', { ...armError(503, 'ServiceUnavailable', 'busy'), headers: { 'retry-after': '30' } }, 30],
  ])('when Azure answers %s, then it is a throttled value with the wait, not an exception', async (_what, answer, seconds) => {
    const { support } = api(() => answer);
    expect(await support.ticketStatus(ref)).toEqual({ kind: 'throttled', retryAfterSeconds: seconds });
    expect(await support.communications(ref, { maxPages: 1 })).toEqual({ kind: 'throttled', retryAfterSeconds: seconds });
  });

  it('when Azure is down (503 without Retry-After, network error), then it throws: the case stays due for the next run', async () => {
    await expect(api(() => armError(503, 'ServiceUnavailable', 'down')).support.ticketStatus(ref)).rejects.toThrow();
    await expect(api(() => ({ networkError: 'socket hang up' })).support.communications(ref, { maxPages: 1 })).rejects.toThrow();
  });

  it.each([
    [403, 'AuthorizationFailed'],
    [404, 'ResourceNotFound'],
  ])('when Azure refuses the read with %i, then it is a permanent failure naming the code', async (status, code) => {
    const result = await api(() => armError(status, code, 'no')).support.ticketStatus(ref);
    expect(result).toMatchObject({ kind: 'permanent-failure' });
    expect(result.kind === 'permanent-failure' && result.message).toContain(`${status} ${code}`);
  });
});
