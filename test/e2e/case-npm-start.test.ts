import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, pollUntil, startLocalHost, type LocalHost } from './support/local-host.js';

const ADATUM = 'aaaaaaaa-0000-4000-8000-000000000001';

interface View {
  status: string;
  case: { state: string | null; microsoftCaseId?: string; filedAt?: string; closedAt?: string; closeReason?: string };
  timings: { receivedToRoutedMs: number | null; routedToFiledMs?: number };
}

/** The case (README "After routing") through the compiled local host, as `npm start` runs it, with the demo tool's signing receiver. */
describe.skipIf(!hostIsBuilt)('the case after routing, against npm start (skipped when dist/ is missing)', () => {
  let host: LocalHost;
  beforeAll(async () => {
    host = await startLocalHost();
  });
  afterAll(() => host.stop());

  it('when an M365 ticket is routed, its case id recorded and the case closed, then awaiting-filing → filed → closed with one signed event each and timings filled', async () => {
    const { apiKey } = host.credentials();
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const submitted = await fetch(`${host.url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerTenantId: ADATUM,
        workload: 'office365',
        service: 'Exchange Online',
        title: 'Mail delayed',
        description: 'Queued 40 min.',
        agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      }),
    });
    const { ticketId, statusUrl } = (await submitted.json()) as { ticketId: string; statusUrl: string };
    const view = async () => (await (await fetch(`${host.url}${statusUrl}`, { headers })).json()) as View;
    const notified = await pollUntil(view, (v) => v.status === 'notified');
    expect(notified.case).toEqual({ state: 'awaiting-filing' });
    expect(notified.timings.receivedToRoutedMs).toEqual(expect.any(Number));

    const filed = await fetch(`${host.url}/api/v1/service-requests/${ticketId}/case`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ microsoftCaseId: '7004123456', filedBy: 'dana@contoso-cloud.example' }),
    });
    expect(filed.status).toBe(200);
    expect(((await filed.json()) as View).case).toMatchObject({ state: 'filed', microsoftCaseId: '7004123456' });
    const closed = await fetch(`${host.url}/api/v1/service-requests/${ticketId}/close`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'Resolved by Microsoft' }),
    });
    expect(closed.status).toBe(200);

    const events = async () => {
      const received = (await (await fetch(`${host.url}/demo/receiver`)).json()) as { ticketId: string; type: string; verified: boolean }[];
      return received.filter((e) => e.ticketId === ticketId);
    };
    const got = await pollUntil(events, (e) => e.some((x) => x.type === 'ticket.closed'));
    expect(got.map((e) => [e.type, e.verified])).toEqual([
      ['ticket.recorded', true],
      ['ticket.filed', true],
      ['ticket.closed', true],
    ]);
    const final = await view();
    expect(final.case).toMatchObject({ state: 'closed', microsoftCaseId: '7004123456', closeReason: 'Resolved by Microsoft' });
    expect(final.timings).toEqual({ receivedToRoutedMs: expect.any(Number), routedToFiledMs: expect.any(Number) });
  });
});
