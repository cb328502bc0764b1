import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, pollUntil, startLocalHost, type LocalHost } from './support/local-host.js';

// Demo directory facts (shared/local-host/demo-directory.ts), written out: Wingtip is Fabrikam IT's customer
// (indirect reseller, through Northwind), never the demo tool's partner's (Contoso Cloud Services).
const WINGTIP = 'aaaaaaaa-0000-4000-8000-000000000004';
const WINGTIP_AZURE_SUBSCRIPTION = 'bbbbbbbb-0000-4000-8000-000000000004';
const FOURTH_COFFEE = 'aaaaaaaa-0000-4000-8000-000000000005';
const PROSEWARE = 'aaaaaaaa-0000-4000-8000-000000000006';
const ADATUM = 'aaaaaaaa-0000-4000-8000-000000000001';
const NORTHWIND_TENANT = '22222222-2222-4222-8222-222222222222';
const FABRIKAM_TENANT = '33333333-3333-4333-8333-333333333333';
/** Everything a stranger must not learn about Wingtip: its names, its partners, its products and publishers. */
const WINGTIP_SECRETS = [
  'Wingtip',
  'wingtip.onmicrosoft.com',
  'Fabrikam',
  'Northwind',
  NORTHWIND_TENANT,
  FABRIKAM_TENANT,
  'Litware Software',
  'Litware Mail Archive',
  'litware-software.example',
];

type View = Record<string, unknown> & { ticketId: string; status: string; reasons: { code: string }[] };

/** The three ways a stranger could probe a customer: Azure with its subscription id, its marketplace product, Microsoft 365. */
const probes = (customerTenantId: string, tag: string) => [
  {
    customerTenantId,
    workload: 'azure',
    subscriptionId: WINGTIP_AZURE_SUBSCRIPTION,
    service: 'Virtual Machines',
    title: 'VM down',
    description: 'Cannot start.',
    agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    externalRef: `${tag}-azure`,
  },
  {
    customerTenantId,
    workload: 'office365',
    productId: 'litware-mail-archive',
    title: 'Archive fails',
    description: 'Archive jobs fail.',
    agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    externalRef: `${tag}-marketplace`,
  },
  {
    customerTenantId,
    workload: 'office365',
    service: 'Exchange Online',
    title: 'Mail delayed',
    description: 'Queued 40 min.',
    agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    externalRef: `${tag}-m365`,
  },
];

/** Replaces what legitimately differs between two submissions (ids, times, the tenant id and ref the caller sent). */
function normalise(value: unknown, differing: Record<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [actual, placeholder] of Object.entries(differing)) text = text.split(actual).join(placeholder);
  text = text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/evt_[A-Za-z0-9_-]+/g, '<event>')
    .replace(/"(latencyMs|receivedToRoutedMs)":\d+/g, '"$1":"<ms>"');
  return JSON.parse(text) as unknown;
}

describe.skipIf(!hostIsBuilt)('real partners against npm start (compiled local host; skipped when dist/ is missing)', () => {
  let host: LocalHost;
  const submit = async (apiKey: string, body: object) => {
    const res = await fetch(`${host.url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { ticketId: string }).ticketId;
  };
  const get = async (apiKey: string, path: string) =>
    (await fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
  /** Notified, or recorded for a tool without a callback (the demo reseller's). */
  const settled = (apiKey: string, ticketId: string, status = 'notified') =>
    pollUntil(
      () => get(apiKey, `/api/v1/service-requests/${ticketId}`) as Promise<View>,
      (v) => v.status === status,
      10_000,
    );
  const webhooksFor = async (ticketId: string) => {
    const received = (await (await fetch(`${host.url}/demo/receiver`)).json()) as { ticketId: string; verified: boolean; body: unknown }[];
    return received.filter((e) => e.ticketId === ticketId);
  };

  beforeAll(async () => {
    host = await startLocalHost();
  });
  afterAll(() => host.stop());

  it("when a partner with no relationship probes another partner's customer, then view, list and webhook equal those for a made-up tenant and name nothing of it", async () => {
    const { apiKey } = host.credentials();
    const logStart = host.output().length;
    const unknownTenant = randomUUID();
    const strangerIds = await Promise.all(probes(WINGTIP, 'stranger').map((b) => submit(apiKey, b)));
    const unknownIds = await Promise.all(probes(unknownTenant, 'unknown').map((b) => submit(apiKey, b)));

    for (const [i, strangerId] of strangerIds.entries()) {
      const unknownId = unknownIds[i]!;
      const [stranger, unknown] = await Promise.all([settled(apiKey, strangerId), settled(apiKey, unknownId)]);
      expect(stranger.status).toBe('notified');
      expect(stranger.reasons.map((r) => r.code)).toEqual(['CUSTOMER_NOT_FOUND']);
      const differing = (ticketId: string, tenant: string, tag: string) => ({
        [ticketId]: '<ticket>',
        [tenant]: '<tenant>',
        [tag]: '<ref>',
      });
      expect(normalise(stranger, differing(strangerId, WINGTIP, 'stranger'))).toEqual(
        normalise(unknown, differing(unknownId, unknownTenant, 'unknown')),
      );

      const ref = (tag: string) => `${tag}-${['azure', 'marketplace', 'm365'][i]}`;
      const [strangerList, unknownList] = await Promise.all([
        get(apiKey, `/api/v1/service-requests?externalRef=${ref('stranger')}`),
        get(apiKey, `/api/v1/service-requests?externalRef=${ref('unknown')}`),
      ]);
      expect(normalise(strangerList, differing(strangerId, WINGTIP, 'stranger'))).toEqual(
        normalise(unknownList, differing(unknownId, unknownTenant, 'unknown')),
      );

      const [strangerHooks, unknownHooks] = await Promise.all([
        pollUntil(
          () => webhooksFor(strangerId),
          (h) => h.length > 0,
        ),
        pollUntil(
          () => webhooksFor(unknownId),
          (h) => h.length > 0,
        ),
      ]);
      expect(strangerHooks.map((h) => h.verified)).toEqual([true]);
      expect(
        normalise(
          strangerHooks.map((h) => h.body),
          differing(strangerId, WINGTIP, 'stranger'),
        ),
      ).toEqual(
        normalise(
          unknownHooks.map((h) => h.body),
          differing(unknownId, unknownTenant, 'unknown'),
        ),
      );
      const everything = JSON.stringify([stranger, strangerList, strangerHooks]);
      for (const secret of WINGTIP_SECRETS) expect(everything, secret).not.toContain(secret);
    }
    const logs = host.output().slice(logStart);
    for (const secret of WINGTIP_SECRETS) expect(logs, secret).not.toContain(secret);
  });

  it("when Wingtip's own reseller sends the same Microsoft 365 request, then it is recognised (positive control)", async () => {
    const { resellerTool } = host.credentials();
    const request = { ...probes(WINGTIP, 'reseller')[2]!, agent: { userPrincipalName: 'sam@fabrikam-it.example' } };
    const view = await settled(resellerTool.apiKey, await submit(resellerTool.apiKey, request), 'recorded');
    expect(view).toMatchObject({ decision: 'eligible', route: { channel: 'm365-admin-center' } });
  });

  it('when the printed demo cases are submitted, then each shows its real-world answer', async () => {
    const { apiKey } = host.credentials();
    expect(host.output()).toContain('GDAP_PENDING_APPROVAL');
    const m365 = (customerTenantId: string, extra: object = {}) => ({
      ...probes(customerTenantId, 'demo')[2]!,
      externalRef: undefined,
      ...extra,
    });
    const [pending, exchangeAdmin, dynamics, nested] = await Promise.all(
      [
        m365(FOURTH_COFFEE),
        m365(PROSEWARE),
        m365(PROSEWARE, { workload: 'dynamics', service: 'Dynamics 365 Sales' }),
        m365(ADATUM, { agent: { userPrincipalName: 'lee@contoso-cloud.example' } }),
      ].map(async (body) => settled(apiKey, await submit(apiKey, body))),
    );
    expect(pending).toMatchObject({ decision: 'ineligible', reasons: [{ code: 'GDAP_PENDING_APPROVAL' }] });
    expect(JSON.stringify(pending?.reasons)).toMatch(/approve/);
    expect(exchangeAdmin).toMatchObject({ decision: 'eligible', reasons: [], route: { channel: 'm365-admin-center' } });
    expect(dynamics).toMatchObject({
      decision: 'eligible',
      route: { channel: 'power-platform-admin-center', deepLink: 'https://admin.powerplatform.microsoft.com/support' },
    });
    expect(nested).toMatchObject({ decision: 'eligible', route: { channel: 'm365-admin-center' } });
  });
});
