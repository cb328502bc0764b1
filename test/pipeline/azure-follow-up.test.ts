import { randomUUID } from 'node:crypto';
import { InvocationContext, type Timer } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureTicketName } from '../../shared/domain/routing/ticket-name.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { followAzureCases, fromMicrosoft, nextPollAt } from '../../shared/pipeline/azure-follow-up.js';
import type { Clock } from '../../shared/ports/clock.js';
import { definitions } from '../../shared/registry.js';
import { startReceiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { fakeSupportApi } from './fake-support-api.js';
import { vmIssue } from './azure-vm-issue.js';

const MINUTE = 60_000;

interface Update {
  status: string;
  communications: { name: string; sender: string; createdDate: string; subject: string; excerpt: string }[];
}

describe('Azure follow-up with AZURE_SUPPORT_SUBMIT=on, against the fake Azure Support API', () => {
  const azure = fakeSupportApi();
  let relay: TestRelay;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let apiKey: string;
  let now = Date.parse('2026-03-02T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    relay = await startTestRelay({ env: { AZURE_SUPPORT_SUBMIT: 'on' }, overrides: { supportApi: azure.api, clock } });
    receiver = await startReceiver(clock.now);
    await relay.importDirectory(demoDirectory());
    const tool = await relay.addTool(DEMO.direct, receiver.url);
    receiver.trust([tool.callbackSecret]);
    apiKey = tool.apiKey;
  });
  afterAll(async () => {
    await relay?.stop();
    await receiver?.close();
  });

  const file = async () => {
    const res = await relay.submit(apiKey, vmIssue);
    const { ticketId } = (await res.json()) as { ticketId: string };
    await relay.drain();
    return { ticketId, name: azureTicketName(ticketId) };
  };
  const view = async (ticketId: string) =>
    (await (await relay.get(apiKey, `/api/v1/service-requests/${ticketId}`)).json()) as {
      case: Record<string, unknown>;
      timings: Record<string, unknown>;
    };
  const received = (ticketId: string) => {
    const events = receiver.events.filter((e) => e.ticketId === ticketId);
    expect(events.every((e) => e.verified)).toBe(true);
    return events;
  };
  const at = (minutes: number) => new Date(now + minutes * MINUTE).toISOString();
  const followUp = async () => {
    const run = await followAzureCases(relay.deps);
    await relay.drain();
    return run;
  };

  it('when Microsoft writes twice on a filed case, then two signed ticket.microsoft_updated, none repeated on the next poll', async () => {
    const { ticketId, name } = await file();
    expect((await view(ticketId)).case).toMatchObject({
      state: 'filed',
      microsoftCaseId: azure.filed.get(name),
      filedBy: 'Azure Support API',
    });

    const firstAnswer = at(10);
    azure.microsoftWrites(name, {
      name: 'msg-1',
      subject: `Case ${azure.filed.get(name)} - TrackingID#1`,
      body: '<p>Hello,<br>I am looking at <b>vm1</b> now &amp; will call.</p>',
      createdDate: firstAnswer,
    });
    azure.customerWrites(name, { name: 'msg-2', subject: 'more logs', body: '<pre>boot diagnostics attached</pre>', createdDate: at(12) });
    azure.microsoftWrites(name, {
      name: 'msg-3',
      subject: 'Next steps',
      body: `<div>${'Please redeploy the VM. '.repeat(40)}</div>`,
      createdDate: at(20),
    });

    now += 25 * MINUTE;
    expect(await followUp()).toMatchObject({ polled: 0 }); // not due yet: AZURE_FOLLOW_UP_MINUTES (30) after filing
    now += 10 * MINUTE;
    expect(await followUp()).toMatchObject({ polled: 1, updates: 2 });

    const events = received(ticketId);
    expect(events.map((e) => e.type)).toEqual(['ticket.recorded', 'ticket.microsoft_updated', 'ticket.microsoft_updated']);
    const updates = events.slice(1).map((e) => (e.body as { data: { update: Update } }).data.update);
    expect(updates.map((u) => u.communications.map((c) => c.name))).toEqual([['msg-1'], ['msg-3']]);
    expect(updates[0]).toEqual({
      status: 'Open',
      communications: [
        {
          name: 'msg-1',
          sender: 'xyz@contoso.com',
          createdDate: firstAnswer,
          subject: expect.stringContaining('TrackingID'),
          excerpt: 'Hello,\nI am looking at vm1 now & will call.',
        },
      ],
    });
    expect(updates[1]!.communications[0]!.excerpt.length).toBeLessThanOrEqual(500);
    expect(updates[1]!.communications[0]!.excerpt).not.toContain('<');
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect((await view(ticketId)).timings).toMatchObject({ filedToFirstMicrosoftResponseMs: 10 * MINUTE });

    now += 60 * MINUTE;
    expect(await followUp()).toMatchObject({ polled: 1, updates: 0 });
    expect(received(ticketId)).toHaveLength(3);
  });

  it('when Microsoft closes the case, then one ticket.closed, and the case is no longer polled', async () => {
    const { ticketId, name } = await file();
    now += 31 * MINUTE;
    await followUp();
    azure.microsoftWrites(name, { name: 'final', subject: 'Closing', body: 'Resolved by the platform fix.', createdDate: at(0) });
    azure.closeByMicrosoft(name);

    now += 60 * MINUTE;
    await followUp();
    expect(received(ticketId).map((e) => e.type)).toEqual(['ticket.recorded', 'ticket.microsoft_updated', 'ticket.closed']);
    expect((await view(ticketId)).case).toMatchObject({
      state: 'closed',
      closeReason: 'Closed by Microsoft',
      microsoftCaseId: azure.filed.get(name),
    });

    const readsOf = () => azure.reads.filter((r) => r.url.pathname.includes(name)).length;
    const before = readsOf();
    now += 24 * 60 * MINUTE;
    await followUp();
    expect(readsOf()).toBe(before);
    expect(received(ticketId)).toHaveLength(3);
  });

  it('when the partner closes a followed case itself, then it is no longer polled', async () => {
    const filed = (await (await relay.get(apiKey, '/api/v1/service-requests?caseState=filed&limit=200')).json()) as {
      items: { ticketId: string }[];
    };
    expect(filed.items.length).toBeGreaterThan(0);
    for (const { ticketId } of filed.items) {
      const res = await fetch(`${relay.url}/api/v1/service-requests/${ticketId}/close`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: '{"reason":"fixed on our side"}',
      });
      expect(res.status).toBe(200);
    }
    const reads = azure.reads.length;
    now += 24 * 60 * MINUTE;
    expect(await followUp()).toMatchObject({ polled: 0 });
    expect(azure.reads.length).toBe(reads);
  });

  it('when Azure answers 429 with Retry-After, then that case waits exactly that long and no further case of the partner is asked this run', async () => {
    const cases = [];
    // Three times the polls in flight (8): even if every poll started before the throttled answer came back finishes
    // first, cases are left that this run must not ask (with 12, a slow machine could start them all).
    for (let i = 0; i < 24; i++) cases.push(await file());
    now += 31 * MINUTE;
    azure.throttleNext(120);
    const run = await followUp();
    expect(run).toMatchObject({ updates: 0, deferredPartners: 1 });
    expect(run.polled).toBeLessThan(cases.length);

    const retryAt = new Date(now + 120_000).toISOString();
    const nextPolls = await Promise.all(
      cases.map(async (c) => (await relay.deps.tickets.get(DEMO.direct, c.ticketId))!.ticket.case?.followUp?.nextPollAt),
    );
    const throttled = cases.filter((_c, i) => nextPolls[i] === retryAt);
    expect(throttled).toHaveLength(1);
    const { ticketId, name } = throttled[0]!;
    const readsOf = () => azure.reads.filter((r) => r.url.pathname.includes(name)).length;

    azure.microsoftWrites(name, { name: 'after-throttle', subject: 'Update', body: 'Still looking.', createdDate: at(0) });
    const before = readsOf();
    now += 119_000;
    await followUp();
    expect(readsOf()).toBe(before);
    now += 1_000;
    await followUp();
    expect(readsOf()).toBeGreaterThan(before);
    expect(received(ticketId).map((e) => e.type)).toEqual(['ticket.recorded', 'ticket.microsoft_updated']);
  });

  it('when the case-timers timer fires, then it follows the Azure cases too (AZURE_SUPPORT_SUBMIT=on)', async () => {
    const { ticketId, name } = await file();
    azure.microsoftWrites(name, { name: 'via-timer', subject: 'Hi', body: 'Looking.', createdDate: at(1) });
    now += 31 * MINUTE;
    const timer = definitions.find((d) => d.kind === 'timer' && d.name === 'case-timers');
    if (timer?.kind !== 'timer') throw new Error('case-timers is not registered');
    await timer.handler(
      {} as Timer,
      new InvocationContext({ invocationId: randomUUID(), functionName: 'case-timers', logHandler: () => undefined }),
    );
    await relay.drain();
    expect(received(ticketId).map((e) => e.type)).toEqual(['ticket.recorded', 'ticket.microsoft_updated']);
  });
});

describe('follow-up schedule and what counts as news', () => {
  const polledAt = new Date('2026-03-02T09:00:00Z');

  it('when 10,000 cases are polled at the same moment, then their next polls spread evenly over the interval, and each then comes exactly one interval later', () => {
    const perRun = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const ticketId = `tkt_01JCASE${String(i).padStart(6, '0')}`;
      const next = nextPollAt(ticketId, polledAt, 30);
      const gap = next.getTime() - polledAt.getTime();
      expect(gap).toBeGreaterThanOrEqual(15 * MINUTE);
      expect(gap).toBeLessThan(45 * MINUTE);
      expect(nextPollAt(ticketId, next, 30).getTime() - next.getTime()).toBe(30 * MINUTE);
      const run = Math.floor(gap / (5 * MINUTE)); // CASE_TIMERS_SCHEDULE: every 5 minutes
      perRun.set(run, (perRun.get(run) ?? 0) + 1);
    }
    // 6 of the 5-minute runs in any 30 minutes: ≈ 1,667 cases each, nowhere near all 10,000 at once.
    const inWindow = [3, 4, 5, 6, 7, 8].map((r) => perRun.get(r) ?? 0);
    expect(inWindow.reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const count of inWindow) {
      expect(count).toBeGreaterThan(1_400);
      expect(count).toBeLessThan(1_950);
    }
  });

  it("when messages are listed, then only Microsoft's (outbound) not told before count, oldest first", () => {
    const m = (name: string, direction: string | null, createdDate: string) => ({
      name,
      direction,
      sender: null,
      createdDate,
      subject: '',
      body: '',
    });
    const fresh = fromMicrosoft(
      [
        m('b', 'outbound', '2026-03-02T10:00:00.000Z'),
        m('a', 'outbound', '2026-03-02T09:00:00.000Z'),
        m('mine', 'inbound', '2026-03-02T09:30:00.000Z'),
        m('told', 'outbound', '2026-03-02T08:00:00.000Z'),
        m('odd', null, '2026-03-02T08:30:00.000Z'),
      ],
      ['told'],
    );
    expect(fresh.map((x) => x.name)).toEqual(['a', 'b']);
  });
});
