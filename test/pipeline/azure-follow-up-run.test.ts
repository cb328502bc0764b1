import { describe, expect, it, vi } from 'vitest';
import { azureTicketName } from '../../shared/domain/routing/ticket-name.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { followAzureCases, fromMicrosoft } from '../../shared/pipeline/azure-follow-up.js';
import { vmIssue } from './azure-vm-issue.js';
import { fakeSupportApi } from './fake-support-api.js';
import { pipelineHarness } from './harness.js';

/**
 * The Azure follow-up timer called directly, one case per test (test/pipeline/azure-follow-up.test.ts follows the
 * events to the tool over HTTP): what a run reports, what the ticket's history says, which window it reads, and how it
 * shares the run between partners.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function setUp() {
  const azure = fakeSupportApi();
  let now = Date.parse('2026-03-02T09:00:00Z');
  const clock = { now: () => new Date(now) };
  const h = await pipelineHarness({
    directory: demoDirectory(),
    partnerTenantId: DEMO.direct,
    env: { AZURE_SUPPORT_SUBMIT: 'on' },
    overrides: { supportApi: azure.api, clock },
  });
  const ticketId = await h.submit(vmIssue);
  await h.runThrough(ticketId);
  const name = azureTicketName(ticketId);
  expect(azure.filed.has(name)).toBe(true);
  const at = (minutes: number) => new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * MINUTE).toISOString();
  return {
    h,
    azure,
    ticketId,
    name,
    at,
    later: (ms: number) => void (now += ms),
    caseOf: async () => (await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.case!,
    lastNote: async () => (await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)!.note,
  };
}

const quiet = { polled: 0, updates: 0, closed: 0, deferredPartners: 0, errors: 0 };

describe('Azure follow-up: one poll', () => {
  it('when Microsoft wrote three times, then the run counts them, the history says how many, and the case keeps the first and newest times', async () => {
    const { h, azure, name, at, later, caseOf, lastNote } = await setUp();
    azure.microsoftWrites(name, { name: 'm1', subject: 'Hello', body: 'Looking.', createdDate: at(10) });
    azure.microsoftWrites(name, { name: 'm3', subject: 'Next', body: 'Redeploy.', createdDate: at(20) });
    azure.microsoftWrites(name, { name: 'm2', subject: 'More', body: 'Logs?', createdDate: at(15) });
    later(35 * MINUTE);
    expect(await followAzureCases(h.deps)).toEqual({ ...quiet, polled: 1, updates: 3 });
    expect(await lastNote()).toBe('3 new message(s) from Microsoft (Azure status Open)');
    expect(await caseOf()).toMatchObject({ firstMicrosoftResponseAt: at(10), lastMicrosoftUpdateAt: at(20) });
  });

  it('when a poll finds nothing new, then the times stay, and the next read still asks from a day before the newest message', async () => {
    const { h, azure, name, at, later, caseOf } = await setUp();
    azure.microsoftWrites(name, { name: 'm1', subject: 'Hello', body: 'Looking.', createdDate: at(20) });
    later(35 * MINUTE);
    await followAzureCases(h.deps);
    later(60 * MINUTE);
    expect(await followAzureCases(h.deps)).toEqual({ ...quiet, polled: 1 });
    expect(await caseOf()).toMatchObject({ lastMicrosoftUpdateAt: at(20) });

    later(60 * MINUTE);
    await followAzureCases(h.deps);
    const since = /^createdDate ge (\S+)$/.exec(lastFilterOf(azure) ?? '')?.[1];
    expect(Date.parse(since!)).toBe(Date.parse(at(20)) - DAY);
  });

  it('when a message shows up late with an older time, then it is told, and the newest time does not go back', async () => {
    const { h, azure, name, at, later, caseOf } = await setUp();
    azure.microsoftWrites(name, { name: 'm2', subject: 'Second', body: '…', createdDate: at(20) });
    later(35 * MINUTE);
    await followAzureCases(h.deps);
    azure.microsoftWrites(name, { name: 'm1', subject: 'First, delivered late', body: '…', createdDate: at(12) });
    later(60 * MINUTE);
    expect(await followAzureCases(h.deps)).toMatchObject({ updates: 1 });
    expect(await caseOf()).toMatchObject({ firstMicrosoftResponseAt: at(20), lastMicrosoftUpdateAt: at(20) });
  });

  it('when Microsoft closes the case, then the run counts one closed and the history says so', async () => {
    const { h, azure, name, at, later, lastNote } = await setUp();
    azure.microsoftWrites(name, { name: 'final', subject: 'Closing', body: 'Fixed.', createdDate: at(30) });
    azure.closeByMicrosoft(name);
    later(35 * MINUTE);
    expect(await followAzureCases(h.deps)).toEqual({ ...quiet, polled: 1, updates: 1, closed: 1 });
    expect(await lastNote()).toBe('1 new message(s) from Microsoft (Azure status Closed); closed by Microsoft');
  });
});

describe('Azure follow-up: when Azure does not answer', () => {
  it('when Azure throttles, then the history says how long it asked to wait, and the partner is deferred for this run', async () => {
    const { h, azure, later, caseOf, lastNote } = await setUp();
    later(35 * MINUTE);
    azure.throttleNext(120);
    expect(await followAzureCases(h.deps)).toEqual({ ...quiet, polled: 1, deferredPartners: 1 });
    const next = new Date(Date.parse('2026-03-02T09:35:00Z') + 120_000).toISOString();
    expect(await lastNote()).toBe(`Azure asked to wait 120 s: next look ${next}`);
    expect((await caseOf()).followUp).toMatchObject({ nextPollAt: next, seen: [] });
  });

  it('when Azure refuses to show the case, then the history says why (within 300 characters) and the next look is a day later', async () => {
    const { h, azure, later, caseOf, lastNote } = await setUp();
    later(35 * MINUTE);
    azure.refuseNext(`The client does not have authorization. ${'Details follow. '.repeat(30)}`);
    expect(await followAzureCases(h.deps)).toEqual({ ...quiet, polled: 1 });
    const note = await lastNote();
    expect(note).toMatch(/^Azure would not show the case: Azure answered 403 AuthorizationFailed: The client does not have authorization/);
    expect(note).toHaveLength(300);
    expect((await caseOf()).followUp?.nextPollAt).toBe(new Date(Date.parse('2026-03-02T09:35:00Z') + DAY).toISOString());
  });

  it('when Azure cannot be reached, then the run counts an error, defers the partner, and the case stays due', async () => {
    const { h, later, caseOf } = await setUp();
    later(35 * MINUTE);
    const before = (await caseOf()).followUp;
    const down = { ...h.deps.supportApi!, ticketStatus: () => Promise.reject(new Error('connect ECONNRESET')) };
    expect(await followAzureCases({ ...h.deps, supportApi: down })).toEqual({ ...quiet, errors: 1, deferredPartners: 1 });
    expect((await caseOf()).followUp).toEqual(before);
  });
});

describe('Azure follow-up: a case it cannot follow', () => {
  it.each([
    ['no Azure ticket name', (p: Record<string, unknown>) => ({ ...p, ticketName: undefined })],
    ['no subscription', (p: Record<string, unknown>) => ({ ...p, subscriptionId: undefined })],
  ])(
    'when the stored request has %s (an older version wrote it), then following stops, Azure is not asked, and the history says so',
    async (_what, strip) => {
      const { h, azure, ticketId, later, caseOf, lastNote } = await setUp();
      const stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
      const route = stored.ticket.route!;
      const payload = (route as { payload: Record<string, unknown> }).payload;
      await h.deps.tickets.save(stored, {
        ...stored.ticket,
        route: { ...route, payload: strip(payload) as Record<string, unknown> } as typeof route,
      });
      const reads = azure.reads.length;
      later(35 * MINUTE);
      expect(await followAzureCases(h.deps)).toEqual({ ...quiet, polled: 1 });
      expect(azure.reads.length).toBe(reads);
      expect(await lastNote()).toBe('no Azure ticket to follow: follow-up stopped');
      expect((await caseOf()).followUp).toBeUndefined();
    },
  );
});

describe('Azure follow-up: sharing a run', () => {
  it('when three partners have tools, then each is asked for a fair share of the 2,000 polls a run makes, what is unused passing on', async () => {
    const { h } = await setUp();
    await h.deps.tools.add({ partnerTenantId: DEMO.provider, name: 'Northwind PSA' });
    await h.deps.tools.add({ partnerTenantId: DEMO.reseller, name: 'Fabrikam PSA' });
    await h.deps.tools.add({ partnerTenantId: DEMO.reseller, name: 'Fabrikam second tool' });
    const due = vi.spyOn(h.deps.tickets, 'dueCases').mockResolvedValue([]);
    await followAzureCases(h.deps);
    // Nobody had anything due: 2,000 / 3, then 2,000 / 2, then all 2,000.
    expect(due.mock.calls.map(([, timer, , max]) => [timer, max])).toEqual([
      ['follow-up', 666],
      ['follow-up', 1000],
      ['follow-up', 2000],
    ]);
  });
});

describe('what counts as news', () => {
  const m = (name: string, createdDate: string | null) => ({
    name,
    direction: 'outbound',
    sender: null,
    createdDate,
    subject: '',
    body: '',
  });

  it('when a message has no name it cannot be remembered, so it is not told; one without a time comes after the dated ones', () => {
    const told = fromMicrosoft([m('undated', null), m('', '2026-03-02T09:10:00Z'), m('dated', '2026-03-02T09:20:00Z')], []);
    expect(told.map((x) => x.name)).toEqual(['dated', 'undated']);
  });
});

function lastFilterOf(azure: ReturnType<typeof fakeSupportApi>) {
  return azure.reads
    .filter((r) => r.url.pathname.endsWith('/communications'))
    .at(-1)!
    .url.searchParams.get('$filter');
}
