import { describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { changeCase, closeCase, recordCase } from '../../shared/pipeline/case-actions.js';
import { applyHealthSnapshot } from '../../shared/pipeline/release-held.js';
import { StaleTicketError } from '../../shared/ports/ticket-store.js';
import { exchangeIncident, graphSnapshot } from './exchange-incident.js';
import { advanceFails, pipelineHarness, withTickets, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * `POST …/{ticketId}/case` and `…/close` as the HTTP functions call them: the 409 details a technician reads, what the
 * history says, and a write that races another one.
 */

async function setUp() {
  const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  /** A ticket run through every stage it needs (no callback URL: nothing is owed to a tool afterwards). */
  const routed = async (body: Record<string, unknown>) => {
    const ticketId = await h.submit(body);
    await h.runThrough(ticketId);
    return ticketId;
  };
  return { h, routed };
}
const lastNote = async (h: PipelineHarness, ticketId: string) => (await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)!.note;

describe('recording and closing the Microsoft case', () => {
  it('when the case id is reported, then the case is filed and the history says with which id; the same id again changes nothing; another is a conflict', async () => {
    const { h, routed } = await setUp();
    const ticketId = await routed(mailIssue);
    const filed = await recordCase(h.deps, DEMO.direct, ticketId, {
      microsoftCaseId: '2512010040001234',
      filedBy: 'dana@contoso-cloud.example',
    });
    expect(filed).toMatchObject({ kind: 'ok', changed: true, view: { case: { state: 'filed', microsoftCaseId: '2512010040001234' } } });
    expect(await lastNote(h, ticketId)).toBe('filed with Microsoft as 2512010040001234');

    expect(await recordCase(h.deps, DEMO.direct, ticketId, { microsoftCaseId: '2512010040001234' })).toMatchObject({
      kind: 'ok',
      changed: false,
    });
    expect(await recordCase(h.deps, DEMO.direct, ticketId, { microsoftCaseId: '2512010040009999' })).toEqual({
      kind: 'conflict',
      detail: 'The case is already filed as 2512010040001234; a ticket follows one Microsoft case.',
    });
  });

  it('when the case is closed, then a case id reported afterwards is a conflict that says to submit a new request', async () => {
    const { h, routed } = await setUp();
    const ticketId = await routed(mailIssue);
    expect(await closeCase(h.deps, DEMO.direct, ticketId, { reason: 'fixed by the customer' })).toMatchObject({
      kind: 'ok',
      changed: true,
    });
    expect(await lastNote(h, ticketId)).toBe('case closed: fixed by the customer');
    expect(await recordCase(h.deps, DEMO.direct, ticketId, { microsoftCaseId: '2512010040001234' })).toEqual({
      kind: 'conflict',
      detail: 'The case is closed already; submit a new request for a new problem.',
    });
  });

  it('when the ticket has no case to follow, then the conflict says why: still being checked, held, not eligible, or not filed with Microsoft', async () => {
    const { h, routed } = await setUp();
    const detail = async (ticketId: string) => {
      const answer = await recordCase(h.deps, DEMO.direct, ticketId, { microsoftCaseId: '2512010040001234' });
      return answer.kind === 'conflict' ? answer.detail : answer.kind;
    };
    expect(await detail(await h.submit(mailIssue))).toBe('The ticket is still being checked; try again in a moment.');
    expect(await detail(await routed({ ...mailIssue, customerTenantId: DEMO.litware }))).toBe(
      'The ticket was not eligible for filing (decision ineligible); there is no Microsoft case to record.',
    );
    expect(await detail(await routed({ ...mailIssue, customerTenantId: DEMO.tailspin, productId: 'contoso-backup-365' }))).toBe(
      'This ticket has no Microsoft case to follow (it went to the product publisher or the indirect provider).',
    );
    await applyHealthSnapshot(h.deps, graphSnapshot(exchangeIncident('EX900201')), 'inline');
    const held = await routed(mailIssue);
    expect((await h.deps.tickets.get(DEMO.direct, held))!.ticket.status).toBe('held');
    expect(await detail(held)).toBe(
      'The ticket is held by a known incident: nothing is to be filed with Microsoft while the incident lasts.',
    );
  });
});

describe('a case change that races another write', () => {
  it('when another writer wins twice, then the third try is written; three times, then a conflict asks to send it again', async () => {
    const { h, routed } = await setUp();
    const first = await routed(mailIssue);
    const twice = advanceFails(h.deps, 2, (id) => new StaleTicketError(id));
    expect(await recordCase(twice, DEMO.direct, first, { microsoftCaseId: '2512010040000001' })).toMatchObject({
      kind: 'ok',
      changed: true,
    });

    const second = await routed(mailIssue);
    const always = advanceFails(h.deps, 3, (id) => new StaleTicketError(id));
    expect(await recordCase(always, DEMO.direct, second, { microsoftCaseId: '2512010040000002' })).toEqual({
      kind: 'conflict',
      detail: 'The ticket kept changing while this was recorded; send the same request again.',
    });
    expect((await h.deps.tickets.get(DEMO.direct, second))!.ticket.case).toMatchObject({ state: 'awaiting-filing' });
  });

  it('when storage fails, then the error reaches the caller (a 503), not a conflict', async () => {
    const { h, routed } = await setUp();
    const ticketId = await routed(mailIssue);
    const failing = advanceFails(h.deps, 1, () => new Error('storage unavailable'));
    await expect(recordCase(failing, DEMO.direct, ticketId, { microsoftCaseId: '2512010040000003' })).rejects.toThrow(
      'storage unavailable',
    );
  });

  it('when a change owes no event (the follow-up moving its next poll), then the ticket is saved without a history row unless the note is to be kept', async () => {
    const { h, routed } = await setUp();
    const ticketId = await routed(mailIssue);
    const rows = (await h.deps.tickets.history(DEMO.direct, ticketId)).length;
    const answer = await changeCase(h.deps, DEMO.direct, ticketId, (ticket) => ({
      kind: 'change',
      case: { ...ticket.case!, reminderDueAt: '2026-12-31T00:00:00.000Z' },
      note: 'quiet',
    }));
    expect(answer).toMatchObject({ kind: 'ok', changed: true });
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.case).toMatchObject({ reminderDueAt: '2026-12-31T00:00:00.000Z' });
    expect(await h.deps.tickets.history(DEMO.direct, ticketId)).toHaveLength(rows);

    // Asked to keep its note (why the follow-up went quiet): one history row, still no event.
    await changeCase(h.deps, DEMO.direct, ticketId, (ticket) => ({
      kind: 'change',
      case: ticket.case!,
      note: 'Azure refused',
      keepNote: true,
    }));
    expect((await h.deps.tickets.history(DEMO.direct, ticketId)).slice(rows).map((e) => e.note)).toEqual(['Azure refused']);
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.pendingEvent).toBeNull();
  });

  it("when storage hands back another partner's ticket (a key mix-up), then it is not found; its owner can change it (positive control)", async () => {
    const { h, routed } = await setUp();
    const ticketId = await routed(mailIssue);
    const mixedUp = withTickets(h.deps, { get: () => h.deps.tickets.get(DEMO.direct, ticketId) });
    expect(await closeCase(mixedUp, DEMO.reseller, ticketId, { reason: 'not ours' })).toEqual({ kind: 'not-found' });
    expect(await closeCase(h.deps, DEMO.direct, ticketId, { reason: 'ours' })).toMatchObject({ kind: 'ok' });
  });
});
