import { describe, expect, it, vi } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { recordCase } from '../../shared/pipeline/case-actions.js';
import { sendFilingReminders } from '../../shared/pipeline/filing-reminders.js';
import { pipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/** `ticket.filing_overdue`: one reminder when a hand-off is still not filed with Microsoft once its reminder is due. */

async function awaitingFiling() {
  let now = Date.parse('2026-12-01T08:00:00Z');
  const clock = { now: () => new Date(now) };
  const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct, overrides: { clock } });
  const ticketId = await h.submit(mailIssue);
  now += 60_000; // routed a minute after it was received: the reminder counts from routing
  const { ticket } = await h.runThrough(ticketId);
  expect(ticket.case).toMatchObject({ state: 'awaiting-filing' });
  return { h, ticketId, ticket, setNow: (iso: string) => void (now = Date.parse(iso)) };
}

describe('filing reminders', () => {
  it('when the reminder falls due (to the millisecond), then one reminder, the history says since when; the next run sends none', async () => {
    const { h, ticketId, ticket, setNow } = await awaitingFiling();
    const due = ticket.case!.reminderDueAt!;
    setNow(new Date(Date.parse(due) - 1).toISOString());
    expect(await sendFilingReminders(h.deps)).toEqual({ reminded: 0 });
    setNow(due);
    expect(await sendFilingReminders(h.deps)).toEqual({ reminded: 1 });
    const after = (await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket;
    expect(after.pendingEvent).toBe('ticket.filing_overdue');
    expect((await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)!.note).toBe(
      `not filed with Microsoft since ${ticket.routedAt}: reminder sent`,
    );
    expect(ticket.routedAt).not.toBe(ticket.createdAt);
    expect(await sendFilingReminders(h.deps)).toEqual({ reminded: 0 });
  });

  it('when the case was filed after the due list was read, then no reminder is sent or counted for it', async () => {
    const { h, ticketId, ticket, setNow } = await awaitingFiling();
    setNow(ticket.case!.reminderDueAt!);
    const stale = (await h.deps.tickets.dueCases(DEMO.direct, 'reminder', new Date(Date.parse(ticket.case!.reminderDueAt!)), 10)).filter(
      (s) => s.ticket.ticketId === ticketId,
    );
    expect(stale).toHaveLength(1);
    await recordCase(h.deps, DEMO.direct, ticketId, { microsoftCaseId: '2512010040001234' });
    vi.spyOn(h.deps.tickets, 'dueCases').mockResolvedValue(stale);
    expect(await sendFilingReminders(h.deps)).toEqual({ reminded: 0 });
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.pendingEvent).not.toBe('ticket.filing_overdue');
  });
});

describe('filing reminders for a partner whose tenant id was registered in capitals', () => {
  it('when the tool was added with the tenant id in capitals, then its tickets are found and reminded like any other', async () => {
    // Contoso under a tenant id with letters, registered on the tool as the partner typed it (`relay tools add --partner`).
    const CONTOSO = 'c0a7050c-1111-4111-8111-11111111abcd';
    const directory = JSON.parse(JSON.stringify(demoDirectory()).replaceAll(DEMO.direct, CONTOSO)) as ReturnType<typeof demoDirectory>;
    let now = Date.parse('2026-12-01T08:00:00Z');
    const h = await pipelineHarness({
      directory,
      partnerTenantId: CONTOSO.toUpperCase(),
      overrides: { clock: { now: () => new Date(now) } },
    });
    const ticketId = await h.submit(mailIssue);
    const { ticket } = await h.runThrough(ticketId);
    expect(ticket.case).toMatchObject({ state: 'awaiting-filing' });
    now = Date.parse(ticket.case!.reminderDueAt!);
    expect(await sendFilingReminders(h.deps)).toEqual({ reminded: 1 });
  });
});
