import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { sendFilingReminders } from '../../shared/pipeline/filing-reminders.js';
import type { Clock } from '../../shared/ports/clock.js';
import { startReceiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

const HOUR = 3_600_000;

interface View {
  ticketId: string;
  status: string;
  decision: string;
  case: { state: string | null; microsoftCaseId?: string; filedBy?: string; closeReason?: string };
  timings: { receivedToRoutedMs: number | null; routedToFiledMs?: number };
}

describe('the case after routing: filing reminders, the bad-input table, the caseState filter', () => {
  let relay: TestRelay;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let apiKey: string;
  let otherKey: string;
  let now = Date.now();
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    relay = await startTestRelay({ overrides: { clock } });
    receiver = await startReceiver(clock.now);
    await relay.importDirectory(demoDirectory());
    const tool = await relay.addTool(DEMO.direct, receiver.url);
    receiver.trust([tool.callbackSecret]);
    apiKey = tool.apiKey;
    otherKey = (await relay.addTool(DEMO.reseller)).apiKey;
  });
  afterAll(async () => {
    await relay.stop();
    await receiver.close();
  });

  const submit = async (customerTenantId: string, extra: Record<string, unknown> = {}) => {
    const res = await relay.submit(apiKey, {
      customerTenantId,
      workload: 'office365',
      service: 'Exchange Online',
      title: 'Mail delayed',
      description: 'Queued.',
      agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      ...extra,
    });
    const { ticketId } = (await res.json()) as { ticketId: string };
    await relay.drain();
    return ticketId;
  };
  const view = async (ticketId: string) => (await (await relay.get(apiKey, `/api/v1/service-requests/${ticketId}`)).json()) as View;
  const post = (key: string, ticketId: string, action: 'case' | 'close', body: string) =>
    fetch(`${relay.url}/api/v1/service-requests/${ticketId}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
  const eventsFor = (ticketId: string) => {
    const received = receiver.events.filter((e) => e.ticketId === ticketId);
    expect(received.every((e) => e.verified)).toBe(true);
    return received.map((e) => e.type);
  };

  it('when a hand-off waits past FILING_REMINDER_HOURS, then exactly one ticket.filing_overdue; Sev A is reminded sooner', async () => {
    const normal = await submit(DEMO.adatum, { severity: 'high' });
    const sevA = await submit(DEMO.adatum, { severity: 'critical' });
    expect((await view(normal)).case.state).toBe('awaiting-filing');

    now += 3 * HOUR;
    expect(await sendFilingReminders(relay.deps)).toEqual({ reminded: 0 });
    now += 2 * HOUR; // 5 h: past the Sev A default of 4 h, not the 24 h one
    expect(await sendFilingReminders(relay.deps)).toEqual({ reminded: 1 });
    await relay.drain();
    expect(eventsFor(sevA)).toEqual(['ticket.recorded', 'ticket.filing_overdue']);
    expect(eventsFor(normal)).toEqual(['ticket.recorded']);

    now += 20 * HOUR; // 25 h
    expect(await sendFilingReminders(relay.deps)).toEqual({ reminded: 1 });
    now += 24 * HOUR;
    expect(await sendFilingReminders(relay.deps)).toEqual({ reminded: 0 });
    await relay.drain();
    expect(eventsFor(normal)).toEqual(['ticket.recorded', 'ticket.filing_overdue']);
    expect(eventsFor(sevA)).toEqual(['ticket.recorded', 'ticket.filing_overdue']);
  });

  it('when a filed case is reminded about, then never: reporting the case id stops the reminder', async () => {
    const ticketId = await submit(DEMO.adatum);
    expect((await post(apiKey, ticketId, 'case', JSON.stringify({ microsoftCaseId: '7004123456' }))).status).toBe(200);
    await relay.drain(); // delivered before the clock moves, or its signature would look stale to the receiver
    now += 48 * HOUR;
    await sendFilingReminders(relay.deps);
    await relay.drain();
    expect(eventsFor(ticketId)).toEqual(['ticket.recorded', 'ticket.filed']);
  });

  it.each([
    ['a malformed case id', 'case', '{"microsoftCaseId":"12; DROP"}', 400],
    ['an unknown field', 'case', '{"microsoftCaseId":"7004123456","note":"x"}', 400],
    ['a body that is not JSON', 'case', '{"microsoftCaseId":', 400],
    ['a close without a reason', 'close', '{}', 400],
  ] as const)('when the body has %s, then 400 problem+json and the case is unchanged', async (_what, action, body, status) => {
    const ticketId = await submit(DEMO.adatum);
    const res = await post(apiKey, ticketId, action, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await view(ticketId)).case).toEqual({ state: 'awaiting-filing' });
  });

  it("when the ticket is ineligible or held, then 409 and nothing changes; another partner's ticket is 404; the owner succeeds (positive control)", async () => {
    const ineligible = await submit(DEMO.litware);
    const res = await post(apiKey, ineligible, 'case', '{"microsoftCaseId":"7004123456"}');
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/not eligible/);
    expect((await view(ineligible)).case).toEqual({ state: null });

    await fetch(`${relay.url}/api/v1/service-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'manual',
        capturedAt: new Date(now).toISOString(),
        services: [],
        issues: [
          {
            id: 'EX300001',
            workload: 'office365',
            service: 'Exchange Online',
            classification: 'incident',
            status: 'serviceDegradation',
            title: 'Mail delayed',
            startDateTime: new Date(now - HOUR).toISOString(),
            isResolved: false,
          },
        ],
      }),
    });
    const held = await submit(DEMO.adatum);
    expect((await view(held)).status).toBe('held');
    expect((await post(apiKey, held, 'case', '{"microsoftCaseId":"7004123456"}')).status).toBe(409);
    await fetch(`${relay.url}/api/v1/service-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'manual', capturedAt: new Date(now).toISOString(), services: [], issues: [] }),
    });

    const mine = await submit(DEMO.adatum);
    expect((await post(otherKey, mine, 'case', '{"microsoftCaseId":"7004123456"}')).status).toBe(404);
    expect((await view(mine)).case).toEqual({ state: 'awaiting-filing' });
    expect((await post(apiKey, mine, 'case', '{"microsoftCaseId":"7004123456"}')).status).toBe(200);
  });

  it('when the same case id is reported twice, or the case closed twice, then 200 and no second event; a different case id is 409', async () => {
    const ticketId = await submit(DEMO.adatum);
    for (let i = 0; i < 2; i++)
      expect((await post(apiKey, ticketId, 'case', '{"microsoftCaseId":"7004999999","filedBy":"dana@contoso-cloud.example"}')).status).toBe(
        200,
      );
    expect((await post(apiKey, ticketId, 'case', '{"microsoftCaseId":"7004000000"}')).status).toBe(409);
    for (let i = 0; i < 2; i++)
      expect((await post(apiKey, ticketId, 'close', '{"reason":"Microsoft fixed the transport rule"}')).status).toBe(200);
    await relay.drain();
    expect(eventsFor(ticketId)).toEqual(['ticket.recorded', 'ticket.filed', 'ticket.closed']);
    expect((await view(ticketId)).case).toMatchObject({
      state: 'closed',
      microsoftCaseId: '7004999999',
      filedBy: 'dana@contoso-cloud.example',
      closeReason: 'Microsoft fixed the transport rule',
    });
  });

  it('when listing with caseState, then only tickets in that state come back; a bad state is 400', async () => {
    const closed = (await (await relay.get(apiKey, '/api/v1/service-requests?caseState=closed&limit=200')).json()) as { items: View[] };
    expect(closed.items.length).toBeGreaterThan(0);
    expect(closed.items.every((t) => t.case.state === 'closed')).toBe(true);
    const awaiting = (await (await relay.get(apiKey, '/api/v1/service-requests?caseState=awaiting-filing&limit=200')).json()) as {
      items: View[];
    };
    expect(awaiting.items.every((t) => t.case.state === 'awaiting-filing')).toBe(true);
    expect((await relay.get(apiKey, '/api/v1/service-requests?caseState=lost')).status).toBe(400);
  });
});
