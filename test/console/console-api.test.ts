import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { Delivery } from '../../shared/ports/delivery-log.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';
import { request, resellerRequest } from './support/relay-calls.js';

type Json = Record<string, unknown> & { items?: { ticketId: string; externalRef: string | null; partnerTenantId: string }[] };

/** The console API through the real local host (in process): who sees what, and what bad input gets. */
describe('console API', () => {
  let relay: TestRelay;
  let contoso: NewToolCredentials;
  let fabrikam: NewToolCredentials;
  let contosoTicket: string;
  let failed: Delivery;

  const get = async (key: string, path: string) => {
    const res = await relay.get(key, `/api/v1/console/${path}`);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
  };
  const post = async (key: string, path: string, body?: string, type = 'application/json') => {
    const res = await fetch(`${relay.url}/api/v1/console/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
  };
  const refs = (body: Json) => (body.items ?? []).map((t) => t.externalRef);

  beforeAll(async () => {
    ({ relay, tool: contoso } = await startDemoRelay());
    fabrikam = await relay.addTool(DEMO.reseller);
    const submitted = await relay.submit(contoso.apiKey, request(DEMO.adatum, 'C-1'));
    contosoTicket = ((await submitted.json()) as { ticketId: string }).ticketId;
    await relay.submit(contoso.apiKey, request(DEMO.litware, 'C-2'));
    await relay.submit(fabrikam.apiKey, resellerRequest('F-1'));
    await relay.drain();
    failed = {
      eventId: `evt_${contosoTicket}_ticket_recorded`,
      type: 'ticket.recorded',
      partnerTenantId: DEMO.direct,
      ticketId: contosoTicket,
      toolId: contoso.tool.toolId,
      status: 'failed',
      attempts: [{ at: new Date().toISOString(), statusCode: 500, latencyMs: 3 }],
      nextAttemptAt: null,
      updatedAt: new Date().toISOString(),
    };
    await relay.deps.deliveries.save(failed);
  });

  afterAll(() => relay.stop());

  it('when a console endpoint gets a wrong key or none, then it answers the same 401 problem as the rest of the API', async () => {
    const paths = ['session', 'tickets', `tickets/${DEMO.direct}/${contosoTicket}`, 'held', 'deliveries', 'access', 'dead-letters/routing'];
    const answers = await Promise.all(
      paths.flatMap((p) => [
        get('rk_wrong', p),
        relay
          .get('', `/api/v1/console/${p}`)
          .then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as Json })),
      ]),
    );
    for (const a of answers)
      expect(a).toMatchObject({ status: 401, type: 'application/problem+json', body: { status: 401, detail: answers[0]!.body.detail } });
  });

  it("when a partner key reads, then it sees its own tickets and deliveries, and another partner's ids get the same 404 as made-up ones", async () => {
    // Positive control: each key sees its own.
    expect(refs((await get(contoso.apiKey, 'tickets')).body).sort()).toEqual(['C-1', 'C-2']);
    expect(refs((await get(fabrikam.apiKey, 'tickets')).body)).toEqual(['F-1']);
    expect((await get(contoso.apiKey, `tickets/${DEMO.direct}/${contosoTicket}`)).status).toBe(200);
    expect((await get(contoso.apiKey, 'deliveries')).body.items).toContainEqual(expect.objectContaining({ eventId: failed.eventId }));

    const madeUp = await get(fabrikam.apiKey, 'tickets?partnerTenantId=44444444-4444-4444-8444-444444444444');
    expect(madeUp.status).toBe(404);
    for (const path of [
      `tickets/${DEMO.direct}/${contosoTicket}`,
      `tickets?partnerTenantId=${DEMO.direct}`,
      `deliveries?partnerTenantId=${DEMO.direct}`,
      `held?partnerTenantId=${DEMO.direct}`,
      `access?partnerTenantId=${DEMO.direct}`,
    ]) {
      expect(await get(fabrikam.apiKey, path), path).toMatchObject({ status: 404, body: { detail: madeUp.body.detail } });
    }
    expect((await get(fabrikam.apiKey, 'deliveries')).body.items).toEqual([]);
    expect((await get(fabrikam.apiKey, 'access')).body.partners).toEqual([expect.objectContaining({ partnerTenantId: DEMO.reseller })]);
  });

  it("when a partner key tries to replay another partner's failed delivery, then it is 404 and the delivery is untouched", async () => {
    const replay = await post(fabrikam.apiKey, `deliveries/${DEMO.direct}/${failed.eventId}/replay`);
    expect(replay).toMatchObject({ status: 404, type: 'application/problem+json' });
    expect(await relay.deps.deliveries.get(DEMO.direct, failed.eventId)).toMatchObject({ status: 'failed', attempts: failed.attempts });
    // Its own partner's id with an event that is not its own reads the same.
    expect((await post(fabrikam.apiKey, `deliveries/${DEMO.reseller}/${failed.eventId}/replay`)).body.detail).toBe(replay.body.detail);
  });

  it('when the admin key reads, then every partner is there, and naming one narrows to it', async () => {
    const session = await get(relay.adminKey, 'session');
    expect(session.body).toMatchObject({
      role: 'admin',
      partners: expect.arrayContaining([expect.objectContaining({ tenantId: DEMO.direct, name: 'Contoso Cloud Services' })]),
    });
    expect(refs((await get(relay.adminKey, 'tickets')).body).sort()).toEqual(['C-1', 'C-2', 'F-1']);
    expect(refs((await get(relay.adminKey, `tickets?partnerTenantId=${DEMO.reseller}`)).body)).toEqual(['F-1']);
    expect((await get(relay.adminKey, `tickets/${DEMO.direct}/${contosoTicket}`)).body).toMatchObject({
      ticketId: contosoTicket,
      history: expect.any(Array),
      deliveries: expect.any(Array),
    });
  });

  it("when tickets are filtered by customer, then only that customer's tickets come back", async () => {
    expect(refs((await get(contoso.apiKey, `tickets?customerTenantId=${DEMO.litware}`)).body)).toEqual(['C-2']);
    expect(refs((await get(relay.adminKey, `tickets?customerTenantId=${DEMO.adatum.toUpperCase()}`)).body)).toEqual(['C-1']);
  });

  it('when a query or body is malformed, then a 400 problem names the field; an unknown queue is 404; nothing is a 500', async () => {
    const cases: [string, number, string?][] = [
      ['tickets?status=lost', 400, 'status'],
      ['tickets?customerTenantId=adatum', 400, 'customerTenantId'],
      ['tickets?partnerTenantId=contoso', 400, 'partnerTenantId'],
      ['tickets?cursor=forged', 400, 'cursor'],
      ['tickets?limit=0', 400, 'limit'],
      ['deliveries?status=gone', 400, 'status'],
      ['dead-letters/not-a-queue', 404],
      [`tickets/${DEMO.direct}/${'x'.repeat(2000)}`, 404],
    ];
    for (const [path, status, field] of cases) {
      const answer = await get(relay.adminKey, path);
      expect(answer, path).toMatchObject({ status, type: 'application/problem+json' });
      if (field) expect(answer.body.errors, path).toEqual([expect.objectContaining({ path: field })]);
    }
    expect((await post(relay.adminKey, 'dead-letters/routing/replay', '{not json')).status).toBe(400);
    expect((await post(relay.adminKey, 'dead-letters/routing/replay', '{"messageId":7}')).status).toBe(400);
    expect((await post(relay.adminKey, 'dead-letters/routing/replay', '{"messageId":"a","all":true}')).status).toBe(400);
    expect((await post(relay.adminKey, 'dead-letters/routing/replay', 'messageId=1', 'application/x-www-form-urlencoded')).status).toBe(
      415,
    );
  });

  it('when a partner key asks for the dead-letter queues, then it is 403; the admin lists a dead letter and re-drives it', async () => {
    expect(await get(contoso.apiKey, 'dead-letters/eligibility')).toMatchObject({ status: 403, type: 'application/problem+json' });
    expect((await post(contoso.apiKey, 'dead-letters/eligibility/replay', '{}')).status).toBe(403);
    await relay.deps.bus.send('eligibility', [{ messageId: 'broken-envelope', body: { v: 99 } }]);
    await relay.drain();
    const listed = await get(relay.adminKey, 'dead-letters/eligibility');
    expect(listed.body.messages).toEqual([
      expect.objectContaining({
        messageId: 'broken-envelope',
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: expect.stringContaining('SchemaValidationFailed'),
      }),
    ]);
    expect((await post(relay.adminKey, 'dead-letters/eligibility/replay', '{"messageId":"broken-envelope"}')).body).toEqual({
      queue: 'eligibility',
      replayed: 1,
    });
  });
});
