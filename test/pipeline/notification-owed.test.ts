import { describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../shared/domain/ticket.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { listeningTool, pipelineHarness } from './harness.js';
import { owedNext } from '../../shared/pipeline/notification-stage.js';
import { recordCase } from '../../shared/pipeline/case-actions.js';
import { aTicket } from '../support/ticket-fixture.js';
import { mailIssue } from './mail-issue.js';
import { bodyOf, scriptedSender } from './scripted-sender.js';

/** Whether an outcome event goes to the notifications stage at all, and what the stage does when the tool stopped wanting it. */

describe('owed next: notifications or done', () => {
  it('when the tool has no callback URL, then the ticket is done now, unless events already wait in its queue (they still need the stage)', async () => {
    const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
    const ticket = aTicket(DEMO.direct, { toolId: h.tool.toolId, status: 'recorded', nextStage: 'notifications' });
    expect(await owedNext(h.deps, ticket, 'ticket.recorded')).toEqual({ nextStage: 'done', pendingEvent: null });
    const queued = { ...ticket, queuedEvents: [{ type: 'ticket.filed' as const }] };
    expect(await owedNext(h.deps, queued, 'ticket.recorded')).toEqual({ nextStage: 'notifications', pendingEvent: 'ticket.recorded' });
  });
});

describe('notifications stage: a tool that stopped wanting the event', () => {
  async function owedTicket() {
    const { h, sender } = await listeningTool();
    const ticketId = await h.submit(mailIssue);
    const { ticket } = await h.runThrough(ticketId);
    expect(ticket.nextStage).toBe('notifications');
    const notes = async () => (await h.deps.tickets.history(DEMO.direct, ticketId)).map((e) => e.note);
    return { h, sender, ticketId, event: ticket.pendingEvent!, notes };
  }

  it('when the tool unsubscribed after the event became owed, then nothing is sent and the history says why', async () => {
    const { h, sender, ticketId, event, notes } = await owedTicket();
    await h.deps.tools.setEvents(h.tool.toolId, ['ticket.filed']);
    await h.runStage(ticketId, 'notifications');
    expect(sender.requests).toEqual([]);
    expect((await notes()).at(-1)).toBe(`${event} not sent: the tool does not subscribe to it`);
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket).toMatchObject({ nextStage: 'done', pendingEvent: null });
  });
});

describe('notifications stage: a retry, and an event queued behind the one under way', () => {
  async function owedTicket(...script: number[]) {
    const sender = scriptedSender(...script);
    let now = Date.parse('2026-12-01T08:00:00Z');
    const clock = { now: () => new Date(now) };
    const h = await pipelineHarness({
      directory: demoDirectory(),
      partnerTenantId: DEMO.direct,
      callbackUrl: 'https://tool.example/outcomes',
      overrides: { webhooks: sender, clock },
    });
    const ticketId = await h.submit(mailIssue);
    const { ticket } = await h.runThrough(ticketId);
    const notes = async () => (await h.deps.tickets.history(DEMO.direct, ticketId)).map((e) => e.note);
    return { h, sender, ticketId, event: ticket.pendingEvent!, notes, later: (ms: number) => void (now += ms) };
  }

  it('when the first attempt fails and the retry gets through, then the delivery keeps both attempts and was last changed at the retry', async () => {
    const { h, ticketId, event, notes, later } = await owedTicket(500, 204);
    const read = vi.spyOn(h.deps.deliveries, 'get');
    await h.runStage(ticketId, 'notifications');
    // The first attempt at an event has no delivery record yet: nothing to read.
    expect(read).not.toHaveBeenCalled();
    later(10 * 60_000);
    await h.runStage(ticketId, 'notifications');
    const delivery = (await h.deps.deliveries.get(DEMO.direct, eventIdFor(ticketId, event)))!;
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 204]);
    expect(delivery).toMatchObject({ status: 'delivered', updatedAt: '2026-12-01T08:10:00.000Z' });
    expect((await notes()).at(-1)).toBe(`${event} delivered (attempt 2)`);
  });

  it('when the case is filed while ticket.recorded is still being delivered, then the history says ticket.filed is owed next, and it is sent after', async () => {
    const { h, sender, ticketId, event, notes } = await owedTicket();
    expect(event).toBe('ticket.recorded');
    await recordCase(h.deps, DEMO.direct, ticketId, { microsoftCaseId: '2512010040001234' });
    await h.runStage(ticketId, 'notifications');
    expect((await notes()).at(-1)).toBe('ticket.recorded delivered (attempt 1); ticket.filed owed next');
    await h.runStage(ticketId, 'notifications');
    expect(sender.requests.map((r) => bodyOf(r).type)).toEqual(['ticket.recorded', 'ticket.filed']);
  });
});
