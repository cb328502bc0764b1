import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { mailIssue as demoMailIssue } from '../notifications/support/notify-relay.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';

const mailIssue = { ...demoMailIssue, externalRef: 'PSA-1' };

describe('pipeline end to end through the local host', () => {
  let relay: TestRelay;
  let apiKey: string;

  beforeAll(async () => {
    ({
      relay,
      tool: { apiKey },
    } = await startDemoRelay());
  });
  afterAll(() => relay.stop());

  it('when a tool submits a request, then it is accepted and the ticket reaches recorded with a real route', async () => {
    const res = await relay.submit(apiKey, mailIssue);
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { ticketId: string; status: string; statusUrl: string };
    expect(accepted.status).toBe('received');
    await relay.drain();
    const view = (await (await relay.get(apiKey, accepted.statusUrl)).json()) as Record<string, unknown>;
    expect(view.status).toBe('recorded');
    expect(view.decision).toBe('eligible');
    expect((view.route as { channel: string }).channel).toBe('m365-admin-center');
    // No callback URL, so nothing is owed after recording: the ticket is done and the outcome stays on the status API.
    expect((view.history as { status: string }[]).map((h) => h.status)).toEqual(['received', 'checked', 'routed', 'recorded']);
  });

  it('when the customer has no active GDAP, then the ticket is ineligible with NO_ACTIVE_GDAP and the customer may self-file', async () => {
    const res = await relay.submit(apiKey, { ...mailIssue, customerTenantId: DEMO.litware });
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    await relay.drain();
    const view = (await (await relay.get(apiKey, statusUrl)).json()) as {
      decision: string;
      reasons: { code: string }[];
      customerCanSelfFile: boolean;
    };
    expect(view.decision).toBe('ineligible');
    expect(view.reasons[0]?.code).toBe('NO_ACTIVE_GDAP');
    expect(view.customerCanSelfFile).toBe(true);
  });

  it('when the same key and body are sent three times, then one ticket exists and repeats are marked replayed', async () => {
    const key = `same-${Date.now()}`;
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await relay.submit(apiKey, { ...mailIssue, externalRef: 'PSA-idem' }, key);
      answers.push({ status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() });
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.map((a) => a.replayed)).toEqual([null, 'true', 'true']);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    await relay.drain();
    const list = (await (await relay.get(apiKey, '/api/v1/service-requests?externalRef=PSA-idem')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    const conflict = await relay.submit(apiKey, { ...mailIssue, externalRef: 'PSA-idem', title: 'Different' }, key);
    expect(conflict.status).toBe(422);
    expect(conflict.headers.get('content-type')).toContain('application/problem+json');
  });

  it("when another partner's tool reads a ticket, then it gets 404", async () => {
    const res = await relay.submit(apiKey, mailIssue);
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    const other = await relay.addTool(DEMO.reseller);
    const answer = await relay.get(other.apiKey, statusUrl);
    expect(answer.status).toBe(404);
    expect(await relay.get(apiKey, statusUrl).then((r) => r.status)).toBe(200);
  });

  it('when the health endpoint is called, then it reports each dependency', async () => {
    const res = await fetch(`${relay.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { tables: 'ok', broker: 'ok' } });
  });
});
