import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EmbeddedBroker } from '../../../shared/adapters/bus/embedded-broker.js';
import { runBusConformance } from './conformance.js';
import { embeddedUnderTest } from './embedded-harness.js';
import { gate, listen, until, type BusUnderTest } from './harness.js';

runBusConformance('EmbeddedBroker', () => embeddedUnderTest());

describe('EmbeddedBroker beyond the conformance suite', () => {
  let t: BusUnderTest & { bus: EmbeddedBroker };
  afterEach(() => t.close());

  it('when a handler outlives its lock, then the message comes again with deliveryCount 2 and the late settlement is ignored', async () => {
    t = await embeddedUnderTest({ lockDurationMs: 1_000 });
    const first = gate();
    const second = gate();
    const seen = listen(
      t,
      [],
      'q',
      async (m) => {
        if (m.deliveryCount === 1) return first.wait; // would complete, but too late
        if (m.deliveryCount === 2) return second.wait.then(() => Promise.reject(new Error('still failing')));
      },
      2,
    );
    await t.bus.send('q', [{ messageId: 'm', body: 1 }]);
    await until(t, () => seen.length === 1, 'the first delivery starts');
    await t.advance(1_000);
    await until(t, () => seen.length === 2, 'the message is delivered again while the first handler still runs');
    first.open();
    await until(t, () => t.bus.stats()['q']!.inFlight === 1, 'the late completion is done');
    second.open();
    await t.settle();
    expect(seen.map((m) => m.deliveryCount)).toEqual([1, 2, 3]);
    expect(t.bus.stats()['q']).toEqual({ active: 0, scheduled: 0, inFlight: 0, deadLettered: 0 });
  });

  it('when the lock expires on the last allowed delivery, then the message is dead-lettered with MaxDeliveryCountExceeded', async () => {
    t = await embeddedUnderTest({ lockDurationMs: 1_000, maxDeliveryCount: 1 });
    const slow = gate();
    listen(t, [], 'q', () => slow.wait);
    await t.bus.send('q', [{ messageId: 'm', body: 1 }]);
    await t.advance(1_000);
    slow.open();
    await t.settle();
    expect(await t.bus.peekDeadLetters('q')).toMatchObject([
      { messageId: 'm', deadLetterReason: 'MaxDeliveryCountExceeded', deadLetterErrorDescription: expect.stringContaining('lock expired') },
    ]);
  });

  it('when several messages are scheduled out of order, then they are delivered in the order they fall due', async () => {
    t = await embeddedUnderTest();
    const seen = listen(t, [], 'q');
    const at = (s: number) => new Date(Date.now() + s * 1_000);
    await t.bus.send(
      'q',
      [3, 1, 2].map((s) => ({ messageId: `m${s}`, body: s, scheduledEnqueueTimeUtc: at(s) })),
    );
    await t.advance(3_000);
    await t.settle();
    expect(seen.map((m) => m.body)).toEqual([1, 2, 3]);
  });

  it('when messages are scheduled, then idle ignores them unless asked to include them, and stats count them', async () => {
    t = await embeddedUnderTest();
    const seen = listen(t, [], 'q');
    await t.bus.send('q', [{ messageId: 'later', body: 1, scheduledEnqueueTimeUtc: new Date(Date.now() + 60_000) }]);
    await t.bus.idle();
    expect(t.bus.stats()).toEqual({ q: { active: 0, scheduled: 1, inFlight: 0, deadLettered: 0 } });
    let includingScheduled = false;
    void t.bus.idle({ includeScheduled: true }).then(() => (includingScheduled = true));
    await t.step();
    expect(includingScheduled).toBe(false);
    await t.advance(60_000);
    await until(t, () => includingScheduled, 'idle including scheduled messages resolves');
    expect(seen).toHaveLength(1);
  });

  it('when 10,000 messages are queued, then each is delivered exactly once', async () => {
    t = await embeddedUnderTest();
    const seen = new Set<string>();
    let deliveries = 0;
    t.bus.subscribe('bulk', async (m) => {
      deliveries += 1;
      seen.add(m.messageId);
    });
    await t.bus.send(
      'bulk',
      Array.from({ length: 10_000 }, (_, i) => ({ messageId: `m${i}`, body: { i } })),
    );
    await t.bus.idle();
    expect([deliveries, seen.size]).toEqual([10_000, 10_000]);
  });

  it('when a body cannot be serialised, then the send is rejected naming the message and nothing is queued', async () => {
    t = await embeddedUnderTest();
    const send = t.bus.send('q', [
      { messageId: 'fine', body: 1 },
      { messageId: 'bad', body: { n: 1n } },
    ]);
    await expect(send).rejects.toThrow(/Message bad for queue q: body is not JSON-serialisable/);
    expect(t.bus.stats()['q'] ?? { active: 0 }).toMatchObject({ active: 0 });
  });

  it('when the broker is closed, then delivery stops, timers are cleared and later sends are rejected', async () => {
    t = await embeddedUnderTest();
    const seen = listen(t, [], 'q');
    await t.bus.send('q', [{ messageId: 'later', body: 1, scheduledEnqueueTimeUtc: new Date(Date.now() + 60_000) }]);
    await t.bus.close();
    expect(vi.getTimerCount()).toBe(0);
    await t.advance(60_000);
    expect(seen).toHaveLength(0);
    await expect(t.bus.send('q', [{ messageId: 'x', body: 1 }])).rejects.toThrow(/closed/);
  });

  it('when maxConcurrentCalls is not a whole number of at least 1, then subscribe refuses it', async () => {
    t = await embeddedUnderTest();
    expect(() => t.bus.subscribe('q', async () => {}, { maxConcurrentCalls: 0 })).toThrow(/maxConcurrentCalls/);
  });
});
