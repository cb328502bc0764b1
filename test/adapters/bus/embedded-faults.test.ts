import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../../shared/adapters/bus/embedded-broker.js';
import type { DeliveryFault } from '../../../shared/adapters/bus/embedded-options.js';
import { embeddedUnderTest } from './embedded-harness.js';
import { gate, listen, until, type BusUnderTest } from './harness.js';

/** Injects `fault` into the first delivery only. */
const onFirstDelivery = (fault: DeliveryFault) => ({
  beforeDeliver: (_queue: string, m: { deliveryCount: number }): DeliveryFault => (m.deliveryCount === 1 ? fault : 'deliver'),
});

describe('EmbeddedBroker fault seams (test-only)', () => {
  let t: BusUnderTest & { bus: EmbeddedBroker };
  afterEach(() => t.close());

  it('when the completion is dropped, then the message comes again with deliveryCount 2', async () => {
    t = await embeddedUnderTest({ faults: onFirstDelivery('drop-ack') });
    const seen = listen(t, [], 'q');
    await t.bus.send('q', [{ messageId: 'm', body: 1 }]);
    await t.settle();
    expect(seen.map((m) => m.deliveryCount)).toEqual([1, 2]);
    expect(t.bus.stats()['q']).toEqual({ active: 0, scheduled: 0, inFlight: 0, deadLettered: 0 });
  });

  it('when the lock is lost mid-handling, then the message is delivered again at once and the first settlement is ignored', async () => {
    t = await embeddedUnderTest({ faults: onFirstDelivery('lose-lock') });
    const first = gate();
    const seen = listen(
      t,
      [],
      'q',
      async (m) => {
        if (m.deliveryCount === 1) await first.wait.then(() => Promise.reject(new Error('too late to matter')));
      },
      2,
    );
    await t.bus.send('q', [{ messageId: 'm', body: 1 }]);
    await until(t, () => seen.length === 2, 'the message is delivered again while the first handler runs');
    first.open();
    await t.settle();
    expect(seen.map((m) => m.deliveryCount)).toEqual([1, 2]);
    expect(await t.bus.peekDeadLetters('q')).toEqual([]);
  });

  it('when a delivery is duplicated, then the handler runs twice at the same time and the message is settled once', async () => {
    const faults = { beforeDeliver: (queue: string): DeliveryFault => (queue === 'q' ? 'duplicate' : 'deliver') };
    t = await embeddedUnderTest({ faults });
    const both = gate();
    let running = 0;
    const seen = listen(t, [], 'q', async () => {
      if (++running === 2) both.open();
      await both.wait;
    });
    await t.bus.send('q', [{ messageId: 'm', body: 1 }]);
    await until(t, () => running === 2, 'both copies run at once');
    await t.settle();
    expect(seen.map((m) => [m.messageId, m.deliveryCount])).toEqual([
      ['m', 1],
      ['m', 1],
    ]);
    expect(t.bus.stats()['q']).toEqual({ active: 0, scheduled: 0, inFlight: 0, deadLettered: 0 });
  });

  it('when the faults are removed, then deliveries are normal again', async () => {
    t = await embeddedUnderTest({ faults: { beforeDeliver: () => 'drop-ack' } });
    const seen = listen(t, [], 'q', async () => {
      t.bus.faults = undefined;
    });
    await t.bus.send('q', [{ messageId: 'm', body: 1 }]);
    await t.settle();
    expect(seen.map((m) => m.deliveryCount)).toEqual([1, 2]);
  });
});
