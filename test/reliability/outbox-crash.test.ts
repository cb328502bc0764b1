import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import type { Bus } from '../../shared/ports/bus.js';
import type { TicketStore } from '../../shared/ports/ticket-store.js';
import { QUEUES } from '../../shared/queues.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { always, DROP, failTimes, when, withFaults, type FaultRules } from '../support/faults.js';
import { startDemoRelay, type DemoRelay } from './support.js';

const FULL_PATH = ['received', 'checked', 'routed', 'recorded', 'notified'];

/**
 * Issue 3 acceptance 6: processing dies between the Table write and the publish. The step and its outbox row were
 * written together, so the sweeper finishes the ticket; the stage's duplicate check keeps anything from happening twice.
 */
describe('outbox: a crash between the table write and the publish', () => {
  let demo: DemoRelay;
  const busFaults: FaultRules<Bus> = {};
  const storeFaults: FaultRules<TicketStore> = {};

  beforeAll(async () => {
    demo = await startDemoRelay();
    demo.relay.deps.tickets = withFaults(demo.store, storeFaults);
    demo.relay.deps.bus = withFaults(demo.relay.deps.bus, busFaults);
  });
  afterAll(() => demo.stop());
  beforeEach(() => {
    delete busFaults.send;
    delete storeFaults.advance;
  });

  const recover = async () => {
    const sent = await sweepOutbox(demo.relay.deps, 0);
    await demo.relay.drain();
    return sent;
  };
  const expectDoneOnce = async (ticketId: string) => {
    expect(await demo.statuses(ticketId)).toEqual(FULL_PATH);
    const delivered = demo.receiver.calls.filter((c) => c.ticketId === ticketId && c.answered === 204);
    expect(new Set(delivered.map((c) => c.webhookId)).size).toBe(1);
  };

  // No recording message here: recording runs inline in the routing step unless it files with Azure (recording-stage tests).
  it.each([QUEUES.eligibility, QUEUES.routing, QUEUES.notifications])(
    'when the publish to %s is lost after its step was written, then the ticket stops there and the sweeper completes it once',
    async (queue) => {
      busFaults.send = when((args) => args[0] === queue, always(DROP));
      const ticketId = await demo.submit(`CRASH-${queue}`);
      await demo.relay.drain();
      const stopped = (await demo.store.get(DEMO.direct, ticketId))!.ticket;
      expect(stopped.nextStage).toBe(queue);
      delete busFaults.send;
      expect(await recover()).toBe(1);
      await expectDoneOnce(ticketId);
      // A second sweep finds nothing owed: the finished step cleared its outbox row.
      expect(await recover()).toBe(0);
    },
  );

  it('when the stage crashes right after its write (the answer is lost, the message redelivered), then the sweeper completes the ticket once', async () => {
    let crashed = false;
    storeFaults.advance = (args) => {
      const next = args[1] as { status: string };
      // The routing step, which records the ticket inline (routed → recorded in one write).
      if (crashed || next.status !== 'recorded') return { kind: 'pass' };
      crashed = true;
      return { kind: 'unavailable-after' };
    };
    const ticketId = await demo.submit('CRASH-after-write');
    await demo.relay.drain();
    // The redelivered routing message found the ticket already recorded and did nothing, so nobody published.
    expect(await demo.statuses(ticketId)).toEqual(['received', 'checked', 'routed', 'recorded']);
    expect(await recover()).toBe(1);
    await expectDoneOnce(ticketId);
  });

  it('when the sweeper republishes a message that was in fact delivered, then nothing happens twice', async () => {
    const ticketId = await demo.submit('SWEEP-twice');
    // Sweep before the stages run: the republished eligibility message races the original.
    await sweepOutbox(demo.relay.deps, 0);
    await demo.relay.drain();
    await recover();
    await expectDoneOnce(ticketId);
  });

  it('when the broker refuses one stuck row during a sweep, then the other rows are still republished and the refused one next time', async () => {
    busFaults.send = when((args) => args[0] === QUEUES.routing, always(DROP));
    const first = await demo.submit('SWEEP-partial-1');
    const second = await demo.submit('SWEEP-partial-2');
    await demo.relay.drain();
    const refused: string[] = [];
    busFaults.send = failTimes(1);
    expect(await sweepOutbox(demo.relay.deps, 0, (ticketId) => refused.push(ticketId))).toBe(1);
    expect(refused).toHaveLength(1);
    delete busFaults.send;
    await demo.relay.drain();
    expect(await recover()).toBe(1);
    await expectDoneOnce(first);
    await expectDoneOnce(second);
  });
});
