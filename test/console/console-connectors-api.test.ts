import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { CREDS, connectorRelayForFile, type AddedConnector } from '../connectors/support.js';

type Unmapped = { companyId: string; companyName: string | null; parkedEvents: number; events: { psaTicketId: string }[] };
type ConnectorView = {
  connectorId: string;
  name: string;
  kind: string;
  state: string;
  webhookUrl: string;
  mappedCompanies: number;
  parkedEvents: number;
  unmapped: Unmapped[];
};
type Listing = { partners: { partnerTenantId: string; customers: { tenantId: string }[]; connectors: ConnectorView[] }[] };
type Problem = { status: number; detail: string; errors?: { path: string }[] };

/**
 * The console's PSA connectors API through the real local host (in process) with fake PSAs: what a partner key and
 * the admin key see, and the mapping form's request, which files parked events without the PSA re-sending them.
 */
describe('console API: PSA connectors', () => {
  const c = connectorRelayForFile();
  let contoso: NewToolCredentials;
  let fabrikam: NewToolCredentials;
  let fabrikamHalo: AddedConnector;

  const list = async (key: string, query = '') => {
    const res = await c.state.relay.get(key, `/api/v1/console/connectors${query}`);
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Listing };
  };
  const viewOf = async (key: string, connectorId: string) =>
    (await list(key)).body.partners.flatMap((p) => p.connectors).find((v) => v.connectorId === connectorId);
  const map = async (key: string, partner: string, connectorId: string, body: unknown, type = 'application/json') => {
    const res = await fetch(`${c.state.relay.url}/api/v1/console/connectors/${partner}/${connectorId}/mappings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Problem & Record<string, unknown> };
  };
  /** A Halo webhook for PSA ticket `n` from the Halo client `companyId`, `minutes` after the previous one. */
  const park = async (connector: AddedConnector, n: number, companyId: number, companyName: string, minutes = 1) => {
    c.state.time.advanceBy(minutes * 60_000);
    const body = c.webhook('halo', n) as { ticket: Record<string, unknown> };
    const res = await c.post('halo', connector, { ...body, ticket: { ...body.ticket, client_id: companyId, client_name: companyName } });
    expect(res.status).toBe(202);
  };

  beforeAll(async () => {
    contoso = await c.state.relay.addTool(DEMO.direct);
    fabrikam = await c.state.relay.addTool(DEMO.reseller);
    fabrikamHalo = await c.addConnector('halo', [
      '--partner',
      DEMO.reseller,
      '--name',
      'Fabrikam Halo',
      '--default-agent',
      'sam@fabrikam-it.example',
    ]);
    await park(fabrikamHalo, 89_001, 31, 'Wingtip Toys');
  });

  it('when a partner key lists connectors, then it sees its own with their state, webhook URL and counts, unmapped companies waiting longest first, and never a credential', async () => {
    const halo = await c.addConnector('halo', ['--name', 'Contoso Halo']);
    const autotask = await c.addConnector('autotask', ['--name', 'Contoso Autotask']);
    await c.run(c.state.cli, ['map', halo.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
    // Litware's ticket came first, so Litware has waited longest although Adatum (12) sorts before it (14).
    await park(halo, 81_001, 14, 'Litware Inc');
    await park(halo, 81_002, 16, 'Tailspin Toys');
    await park(halo, 81_003, 16, 'Tailspin Toys Ltd');

    const { status, text, body } = await list(contoso.apiKey);
    expect(status).toBe(200);
    expect(body.partners.map((p) => p.partnerTenantId)).toEqual([DEMO.direct]);
    const views = body.partners[0]!.connectors;
    expect(views.map((v) => v.connectorId)).toContain(autotask.connectorId);
    expect(views.map((v) => v.connectorId)).not.toContain(fabrikamHalo.connectorId);
    const view = views.find((v) => v.connectorId === halo.connectorId)!;
    expect(view).toMatchObject({ name: 'Contoso Halo', kind: 'halo', state: 'enabled', mappedCompanies: 1, parkedEvents: 3 });
    // The address `relay connectors add` gave the PSA, and the one the webhooks above were posted to.
    expect(view.webhookUrl).toBe(halo.webhookUrl);
    expect(view.unmapped.map((u) => [u.companyId, u.companyName, u.parkedEvents])).toEqual([
      ['14', 'Litware Inc', 1],
      ['16', 'Tailspin Toys Ltd', 2],
    ]);
    expect(view.unmapped[1]!.events.map((e) => e.psaTicketId)).toEqual(['81002', '81003']);
    // What the mapping form offers: this partner's customers, not another partner's.
    const customers = body.partners[0]!.customers.map((x) => x.tenantId);
    expect(customers).toEqual(expect.arrayContaining([DEMO.adatum, DEMO.litware, DEMO.tailspin]));
    expect(customers).not.toContain(DEMO.wingtip);

    const admin = await list(c.state.relay.adminKey);
    expect(admin.body.partners.map((p) => p.partnerTenantId).sort()).toEqual([DEMO.direct, DEMO.reseller]);
    const secrets = [
      CREDS.halo.clientId,
      CREDS.halo.clientSecret,
      CREDS.autotask.secret,
      CREDS.autotask.integrationCode,
      CREDS.autotask.webhookSecret,
      CREDS.autotask.username,
      halo.webhookUsername!,
      halo.webhookPassword!,
      fabrikamHalo.webhookPassword!,
    ];
    for (const answer of [text, admin.text, (await list(fabrikam.apiKey)).text])
      for (const secret of secrets) expect(answer, 'a connector credential in the console API').not.toContain(secret);
  });

  it('when a company is mapped through the console, then its parked events are filed as tickets without a re-send and it leaves the unmapped list', async () => {
    const halo = await c.addConnector('halo');
    await park(halo, 82_001, 12, 'Adatum Corporation');
    await park(halo, 82_002, 12, 'Adatum Corporation');
    await park(halo, 82_003, 14, 'Litware Inc');

    const mapped = await map(contoso.apiKey, DEMO.direct, halo.connectorId, {
      companyId: '12',
      customerTenantId: DEMO.adatum.toUpperCase(),
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body).toMatchObject({ companyId: '12', customerTenantId: DEMO.adatum });
    const released = mapped.body.released as { psaTicketId: string; ticketId: string; stillParked: null }[];
    expect(released.map((r) => [r.psaTicketId, r.stillParked])).toEqual([
      ['82001', null],
      ['82002', null],
    ]);
    await c.state.relay.drain();

    for (const { psaTicketId, ticketId } of released) {
      // What the tickets page lists: one ticket per PSA ticket, for the customer chosen.
      const page = await c.state.relay.get(contoso.apiKey, `/api/v1/console/tickets?externalRef=${psaTicketId}`);
      const { items } = (await page.json()) as { items: { ticketId: string; customerTenantId: string }[] };
      expect(items).toEqual([expect.objectContaining({ ticketId, customerTenantId: DEMO.adatum })]);
    }
    const after = await viewOf(contoso.apiKey, halo.connectorId);
    expect(after).toMatchObject({ mappedCompanies: 1, parkedEvents: 1 });
    expect(after!.unmapped.map((u) => u.companyId)).toEqual(['14']);
    // The PSA sending the same ticket again finds the ticket the mapping filed.
    expect(await (await c.post('halo', halo, { ...c.webhook('halo', 82_001) })).json()).toMatchObject({
      status: 'duplicate',
      ticketId: released[0]!.ticketId,
    });
  });

  it("when a partner key lists or maps another partner's connector, then it is the same 404 as a made-up connector and nothing changes; the owner's key succeeds", async () => {
    expect((await list(fabrikam.apiKey, `?partnerTenantId=${DEMO.direct}`)).status).toBe(404);
    const halo = await c.addConnector('halo');
    await park(halo, 83_001, 14, 'Litware Inc');
    const request = { companyId: '14', customerTenantId: DEMO.litware };

    const madeUp = await map(fabrikam.apiKey, DEMO.reseller, 'conn_AAAAAAAAAAAA', request);
    expect(madeUp).toMatchObject({ status: 404, type: 'application/problem+json' });
    for (const partner of [DEMO.direct, DEMO.reseller]) {
      const answer = await map(fabrikam.apiKey, partner, halo.connectorId, request);
      expect(answer, partner).toMatchObject({ status: 404, type: 'application/problem+json', body: { detail: madeUp.body.detail } });
    }
    expect(await c.state.relay.deps.connectors.mappings(halo.connectorId)).toEqual([]);
    expect((await c.state.relay.deps.connectors.parked(halo.connectorId)).map((p) => p.psaTicketId)).toEqual(['83001']);

    // Positive control: the same request with the owning partner's key, and with the admin key for another partner.
    expect((await map(contoso.apiKey, DEMO.direct, halo.connectorId, request)).status).toBe(200);
    expect(await c.state.relay.deps.connectors.mappings(halo.connectorId)).toEqual([{ companyId: '14', tenantId: DEMO.litware }]);
    const byAdmin = await map(c.state.relay.adminKey, DEMO.reseller, fabrikamHalo.connectorId, {
      companyId: '31',
      customerTenantId: DEMO.wingtip,
    });
    expect(byAdmin.status).toBe(200);
  });

  it('when the mapping is bad input, then a 4xx problem says what is wrong and nothing is mapped or filed', async () => {
    const halo = await c.addConnector('halo');
    await park(halo, 84_001, 12, 'Adatum Corporation');
    const cases: [string, unknown, number, string?, string?][] = [
      ['not a GUID', { companyId: '12', customerTenantId: 'adatum' }, 400, 'customerTenantId'],
      ["another partner's customer", { companyId: '12', customerTenantId: DEMO.wingtip }, 422, 'customerTenantId'],
      [
        'a tenant the directory does not know',
        { companyId: '12', customerTenantId: '99999999-9999-4999-8999-999999999999' },
        422,
        'customerTenantId',
      ],
      ['no company', { customerTenantId: DEMO.adatum }, 400, 'companyId'],
      ['a blank company', { companyId: '  ', customerTenantId: DEMO.adatum }, 400, 'companyId'],
      ['an unknown field', { companyId: '12', customerTenantId: DEMO.adatum, force: true }, 400, '(body)'],
      ['not JSON', '{"companyId":', 400],
      ['a form post', 'companyId=12', 415, undefined, 'application/x-www-form-urlencoded'],
    ];
    for (const [what, body, status, field, type] of cases) {
      const answer = await map(contoso.apiKey, DEMO.direct, halo.connectorId, body, type);
      expect(answer, what).toMatchObject({ status, type: 'application/problem+json', body: { status } });
      if (field) expect(answer.body.errors, what).toEqual([expect.objectContaining({ path: field })]);
    }
    expect((await map(contoso.apiKey, 'contoso', halo.connectorId, { companyId: '12', customerTenantId: DEMO.adatum })).status).toBe(400);
    expect(await c.state.relay.deps.connectors.mappings(halo.connectorId)).toEqual([]);
    expect((await viewOf(contoso.apiKey, halo.connectorId))!.parkedEvents).toBe(1);
    await c.state.relay.drain();
    expect(await c.ticketsFor('84001')).toEqual([]);

    // A partner the directory does not know yet: no customer can be checked, so its events stay parked.
    const unknownPartner = '44444444-4444-4444-8444-444444444444';
    const stranger = await c.addConnector('halo', ['--partner', unknownPartner]);
    await park(stranger, 84_002, 12, 'Adatum Corporation');
    const refused = await map(c.state.relay.adminKey, unknownPartner, stranger.connectorId, {
      companyId: '12',
      customerTenantId: DEMO.adatum,
    });
    expect(refused).toMatchObject({ status: 422, body: { detail: expect.stringContaining("is not in the relay's directory yet") } });
    expect(await c.state.relay.deps.connectors.parked(stranger.connectorId)).toHaveLength(1);

    await c.run(c.state.cli, ['disable', halo.connectorId]);
    const disabled = await map(contoso.apiKey, DEMO.direct, halo.connectorId, { companyId: '12', customerTenantId: DEMO.adatum });
    expect(disabled).toMatchObject({ status: 409, type: 'application/problem+json' });
    expect(await viewOf(contoso.apiKey, halo.connectorId)).toMatchObject({ state: 'disabled', mappedCompanies: 0, parkedEvents: 1 });
  });
});
