import { describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
// The harness first: it loads the pipeline table, which imports every stage. A stage module imported before it starts the
// stage -> envelope -> pipeline import cycle from the wrong end, and the table would hold this stage's decide as undefined.
import { pipelineHarness } from './harness.js';
import { owedNext } from '../../shared/pipeline/notification-stage.js';
import { aTicket } from '../support/ticket-fixture.js';
import { mailIssue } from './mail-issue.js';
import { scriptedSender } from './scripted-sender.js';

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
    const sender = scriptedSender();
    const h = await pipelineHarness({
      directory: demoDirectory(),
      partnerTenantId: DEMO.direct,
      callbackUrl: 'https://tool.example/outcomes',
      overrides: { webhooks: sender },
    });
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    let { ticket } = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    if (ticket.nextStage === 'recording') {
      await h.runStage(ticketId, 'recording');
      ({ ticket } = (await h.deps.tickets.get(DEMO.direct, ticketId))!);
    }
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
