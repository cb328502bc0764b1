import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../shared/cli/context.js';
import { adminHttpSource, dlqCommands } from '../../shared/cli/commands/dlq.js';
import { STAGES } from '../../shared/domain/ticket.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { outboxFor } from '../../shared/pipeline/envelope.js';
import { sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import { StorageUnavailableError, type TicketStore } from '../../shared/ports/ticket-store.js';
import { QUEUES } from '../../shared/queues.js';
import { withFaults, type FaultRules } from '../support/faults.js';
import type { TestRelay } from '../support/test-relay.js';
import { mailIssue, startDemoRelay, type DemoRelay } from './support.js';

const CONTACT_EMAIL = mailIssue('').customerContact.email;

describe('poison messages and dead-letter re-drive', () => {
  let demo: DemoRelay;
  let relay: TestRelay;
  const storeFaults: FaultRules<TicketStore> = {};
  const printed: string[] = [];
  const dlq = (...argv: string[]) => {
    const [command, ...rest] = argv;
    return dlqCommands(
      () => adminHttpSource(relay.url, relay.adminKey),
      (line) => printed.push(line),
    )[command!]!(parseArgs(rest));
  };

  beforeAll(async () => {
    // Copies re-sent by hand must reach the stages, as they do after the duplicate-detection window has passed.
    demo = await startDemoRelay({ duplicateDetectionWindowMs: 0 });
    relay = demo.relay;
    relay.deps.tickets = withFaults(demo.store, storeFaults);
  });
  afterAll(() => demo.stop());
  beforeEach(() => {
    delete storeFaults.advance;
    printed.length = 0;
  });

  const submit = (ref: string) => demo.submit(ref);
  const history = (ticketId: string) => demo.store.history(DEMO.direct, ticketId);
  const eventsFor = (ticketId: string) => demo.receiver.calls.filter((c) => c.ticketId === ticketId);
  /** Every eligibility attempt fails the way a storage SDK error might: its inner detail echoes the ticket. */
  const breakEligibility = () => {
    const attempts = new Map<string, number>();
    storeFaults.advance = (args) => {
      const next = args[1] as { ticketId: string };
      attempts.set(next.ticketId, (attempts.get(next.ticketId) ?? 0) + 1);
      return { kind: 'throw', error: new StorageUnavailableError(new Error(`entity rejected: ${JSON.stringify(next)}`)) };
    };
    return attempts;
  };
  const deadLetterOf = async (queue: string, ticketId: string) =>
    (await relay.host.bus.peekDeadLetters(queue)).find((m) => (m.body as { ticketId?: string } | undefined)?.ticketId === ticketId);

  it('when a stage queue gets a schema-invalid envelope, then, as in Azure, it is dead-lettered after 10 deliveries with SchemaValidationFailed in the description', async () => {
    await relay.host.bus.send(QUEUES.routing, [{ messageId: 'poison-schema', body: { v: 1, type: 'ticket.stage', ticketId: 42 } }]);
    await relay.drain();
    const dead = (await relay.host.bus.peekDeadLetters(QUEUES.routing)).find((m) => m.messageId === 'poison-schema');
    expect(dead).toMatchObject({ deliveryCount: 10, deadLetterReason: 'MaxDeliveryCountExceeded' });
    expect(dead?.deadLetterErrorDescription).toMatch(/^SchemaValidationFailed: envelope invalid at: ticketId/);
  });

  it('when a stage handler always throws, then its message is dead-lettered after exactly 10 deliveries with a summary free of personal data', async () => {
    const attempts = breakEligibility();
    const ticketId = await submit('POISON-1');
    await relay.drain();
    expect(attempts.get(ticketId)).toBe(10);
    const dead = await deadLetterOf(QUEUES.eligibility, ticketId);
    expect(dead).toMatchObject({
      deliveryCount: 10,
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: 'ticket storage is unavailable',
    });
    expect(JSON.stringify(dead)).not.toContain(CONTACT_EMAIL);
    expect((await history(ticketId)).map((h) => h.status)).toEqual(['received']);
  });

  it('when the fault is fixed and an operator runs dlq replay, then the ticket completes and is notified once', async () => {
    const ticketId = (await demo.store.list(DEMO.direct, { externalRef: 'POISON-1', limit: 5 })).items[0]!.ticketId;
    const id = (await deadLetterOf(QUEUES.eligibility, ticketId))!.messageId;
    await dlq('replay', QUEUES.eligibility, '--id', id);
    expect(printed).toEqual([`replayed 1 message(s) to ${QUEUES.eligibility}`]);
    await relay.drain();
    expect((await history(ticketId)).map((h) => h.status)).toEqual(['received', 'checked', 'routed', 'recorded', 'notified']);
    expect(new Set(eventsFor(ticketId).map((c) => c.webhookId)).size).toBe(1);
    expect(await deadLetterOf(QUEUES.eligibility, ticketId)).toBeUndefined();
  });

  it('when a duplicate of every stage message arrives after the ticket finished, then no second transition happens', async () => {
    const ticketId = await submit('DUP-1');
    await relay.drain();
    const before = await history(ticketId);
    const calls = eventsFor(ticketId).length;
    const { ticket } = (await demo.store.get(DEMO.direct, ticketId))!;
    for (const stage of STAGES) {
      const { queue, message } = outboxFor({ ...ticket, pendingEvent: 'ticket.recorded', nextStage: stage })!;
      await relay.host.bus.send(queue, [message]);
    }
    await relay.drain();
    expect(before.map((h) => h.status)).toEqual(['received', 'checked', 'routed', 'recorded', 'notified']);
    expect(await history(ticketId)).toEqual(before);
    expect(eventsFor(ticketId)).toHaveLength(calls);
  });

  it('when dlq replay re-drives a message whose ticket already finished, then nothing changes', async () => {
    breakEligibility();
    const ticketId = await submit('POISON-2');
    await relay.drain();
    delete storeFaults.advance;
    // The sweeper finishes the ticket from its outbox row; its dead-lettered message is now stale.
    expect(await sweepOutbox(relay.deps, 0)).toBe(1);
    await relay.drain();
    const before = await history(ticketId);
    const calls = eventsFor(ticketId).length;
    expect(before.at(-1)?.status).toBe('notified');
    await dlq('replay', QUEUES.eligibility);
    expect(printed).toEqual([`replayed 1 message(s) to ${QUEUES.eligibility}`]);
    await relay.drain();
    expect(await history(ticketId)).toEqual(before);
    expect(eventsFor(ticketId)).toHaveLength(calls);
  });

  describe('dlq command and admin routes', () => {
    it('when an operator lists and shows a dead-letter queue, then each message shows its id, deliveries and reason', async () => {
      await dlq('list', QUEUES.routing);
      expect(printed[0]).toMatch(
        /^#\d+ poison-schema deliveries=10 enqueued=\S+ MaxDeliveryCountExceeded: SchemaValidationFailed: envelope invalid at: ticketId/,
      );
      expect(printed.at(-1)).toBe(`1 dead-lettered message(s) in ${QUEUES.routing}`);
      await dlq('show', QUEUES.routing, '--id', 'poison-schema');
      expect(JSON.parse(printed.at(-1)!)).toEqual([
        expect.objectContaining({ messageId: 'poison-schema', body: { v: 1, type: 'ticket.stage', ticketId: 42 } }),
      ]);
    });

    it('when the queue is unknown or the message is not there, then the command refuses with a usage error', async () => {
      await expect(dlq('list', 'nope')).rejects.toThrow(/unknown queue "nope"; queues: service-requests/);
      await expect(dlq('show', QUEUES.routing, '--id', 'missing')).rejects.toThrow(/no dead-lettered message missing in routing/);
    });

    it('when the admin routes are called without the admin key or for an unknown queue, then they answer 401 or 404 as problem details', async () => {
      const get = (path: string, key?: string) => fetch(`${relay.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
      const answers = [
        await get('/admin/dlq/routing'),
        await get('/admin/dlq/routing', demo.apiKey),
        await get('/admin/dlq/nope', relay.adminKey),
      ];
      expect(answers.map((r) => r.status)).toEqual([401, 401, 404]);
      expect(answers.map((r) => r.headers.get('content-type'))).toEqual(Array(3).fill('application/problem+json'));
      const bad = await fetch(`${relay.url}/admin/dlq/routing/replay`, {
        method: 'POST',
        headers: { authorization: `Bearer ${relay.adminKey}` },
        body: '{"ticketId":"x"}',
      });
      expect(bad.status).toBe(400);
    });

    it('when the local relay cannot be reached, then the command says so without a stack trace', async () => {
      const offline = dlqCommands(
        () => adminHttpSource('http://127.0.0.1:9', relay.adminKey),
        () => undefined,
      );
      await expect(offline.list!(parseArgs([QUEUES.routing]))).rejects.toThrow(/cannot reach the local relay at http:\/\/127\.0\.0\.1:9/);
    });
  });
});
