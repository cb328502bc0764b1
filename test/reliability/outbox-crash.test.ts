import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import type { Bus } from '../../shared/ports/bus.js';
import type { TicketStore } from '../../shared/ports/ticket-store.js';
import { QUEUES } from '../../shared/queues.js';
import { always, DROP, startCallbackReceiver, when, withFaults, type CallbackReceiver, type FaultRules } from '../support/faults.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

const issue = (externalRef: string) => ({
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  externalRef,
});
const FULL_PATH = ['received', 'checked', 'routed', 'recorded', 'notified'];

/**
 * Issue 3 acceptance 6: processing dies between the Table write and the publish. The step and its outbox row were
 * written together, so the sweeper finishes the ticket; the stage's duplicate check keeps anything from happening twice.
 */
describe('outbox: a crash between the table write and the publish', () => {
  let relay: TestRelay;
  let receiver: CallbackReceiver;
  let apiKey: string;
  let realStore: TicketStore;
  let realBus: Bus;
  const busFaults: FaultRules<Bus> = {};
  const storeFaults: FaultRules<TicketStore> = {};

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    relay = await startTestRelay();
    await relay.importDirectory(demoDirectory());
    apiKey = (await relay.addTool(DEMO.direct, receiver.url)).apiKey;
    realStore = relay.deps.tickets;
    realBus = relay.deps.bus;
    relay.deps.tickets = withFaults(realStore, storeFaults);
    relay.deps.bus = withFaults(realBus, busFaults);
  });
  afterAll(async () => {
    await relay.stop();
    await receiver.close();
  });
  beforeEach(() => {
    delete busFaults.send;
    delete storeFaults.advance;
  });

  const submit = async (ref: string) => {
    const res = await relay.submit(apiKey, issue(ref));
    expect(res.status).toBe(202);
    return ((await res.json()) as { ticketId: string }).ticketId;
  };
  const statuses = async (ticketId: string) => (await realStore.history(DEMO.direct, ticketId)).map((h) => h.status);
  const recover = async () => {
    const sent = await sweepOutbox(relay.deps, 0);
    await relay.drain();
    return sent;
  };
  const expectDoneOnce = async (ticketId: string) => {
    expect(await statuses(ticketId)).toEqual(FULL_PATH);
    const delivered = receiver.calls.filter((c) => c.ticketId === ticketId && c.answered === 204);
    expect(new Set(delivered.map((c) => c.webhookId)).size).toBe(1);
  };

  it.each([QUEUES.eligibility, QUEUES.routing, QUEUES.recording, QUEUES.notifications])(
    'when the publish to %s is lost after its step was written, then the ticket stops there and the sweeper completes it once',
    async (queue) => {
      busFaults.send = when((args) => args[0] === queue, always(DROP));
      const ticketId = await submit(`CRASH-${queue}`);
      await relay.drain();
      const stopped = (await realStore.get(DEMO.direct, ticketId))!.ticket;
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
      if (crashed || next.status !== 'routed') return { kind: 'pass' };
      crashed = true;
      return { kind: 'unavailable-after' };
    };
    const ticketId = await submit('CRASH-after-write');
    await relay.drain();
    // The redelivered routing message found the ticket already routed and did nothing, so nobody published.
    expect(await statuses(ticketId)).toEqual(['received', 'checked', 'routed']);
    expect(await recover()).toBe(1);
    await expectDoneOnce(ticketId);
  });

  it('when the sweeper republishes a message that was in fact delivered, then nothing happens twice', async () => {
    const ticketId = await submit('SWEEP-twice');
    // Sweep before the stages run: the republished eligibility message races the original.
    await sweepOutbox(relay.deps, 0);
    await relay.drain();
    await recover();
    await expectDoneOnce(ticketId);
  });
});
