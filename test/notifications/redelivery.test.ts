import { describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { Envelope } from '../../shared/pipeline/envelope.js';
import { runStage } from '../../shared/pipeline/run-stage.js';
import { replayDelivery } from '../../shared/pipeline/replay-delivery.js';
import { notifyRelayForFile } from './support/notify-relay.js';
import { inOrder } from './support/scripted-receiver.js';

/** Messages the broker may hand the notifications stage again: redeliveries, late duplicates, a tool changed meanwhile. */
describe('notifications stage under redelivery', () => {
  const { n, receiver } = notifyRelayForFile();

  const envelope = async (ticketId: string, attempt: number): Promise<Envelope> => {
    const stored = await n.relay.deps.tickets.get(DEMO.direct, ticketId);
    return { v: 1, type: 'ticket.stage', ticketId, partnerTenantId: DEMO.direct, correlationId: stored!.ticket.correlationId, attempt };
  };

  it('when an attempt message comes again after its retry was planned, then it is skipped: no call, no second plan', async () => {
    const tool = await n.addTool(receiver.on('/again', inOrder({ status: 500 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    const planned = await n.delivery(ticketId);
    const history = await n.relay.deps.tickets.history(DEMO.direct, ticketId);

    expect(await runStage(n.relay.deps, 'notifications', await envelope(ticketId, 1))).toBe('skipped');
    await n.relay.drain();
    expect(receiver.callsTo('/again')).toHaveLength(1);
    expect(await n.delivery(ticketId)).toMatchObject({ attempts: planned.attempts, nextAttemptAt: planned.nextAttemptAt });
    expect(await n.relay.deps.tickets.history(DEMO.direct, ticketId)).toHaveLength(history.length);

    await n.runNextAttempt(ticketId);
    expect(await runStage(n.relay.deps, 'notifications', await envelope(ticketId, 1))).toBe('skipped');
    expect(receiver.callsTo('/again')).toHaveLength(2);
    expect((await n.delivery(ticketId)).attempts).toHaveLength(2);
  });

  it('when the callback is removed while a delivery is retrying, then the next attempt ends it as failed without sending', async () => {
    const tool = await n.addTool(receiver.on('/removed', inOrder({ status: 500 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    await n.relay.deps.tools.setCallback(tool.tool.toolId, null);

    const delivery = await n.runNextAttempt(ticketId);
    expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(receiver.callsTo('/removed')).toHaveLength(1);
    const stored = await n.relay.deps.tickets.get(DEMO.direct, ticketId);
    expect(stored?.ticket.nextStage).toBe('done');
    expect(await replayDelivery(n.relay.deps, DEMO.direct, delivery.eventId)).toMatchObject({ kind: 'refused', reason: 'no-callback' });
  });

  it('when a replay is asked for while the ticket still owes a stage, then it is refused', async () => {
    const tool = await n.addTool(receiver.on('/busy', inOrder({ status: 410 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    await n.relay.deps.tools.setCallback(tool.tool.toolId, receiver.url('/busy'));
    const { eventId } = await n.delivery(ticketId);
    const stored = (await n.relay.deps.tickets.get(DEMO.direct, ticketId))!;
    await n.relay.deps.tickets.advance(stored, { ...stored.ticket, nextStage: 'notifications' }, 'test: a stage is owed', null);

    expect(await replayDelivery(n.relay.deps, DEMO.direct, eventId)).toMatchObject({ kind: 'refused', reason: 'ticket-busy' });
    expect(receiver.callsTo('/busy')).toHaveLength(1);
  });
});
