import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterError, type Subscription } from '../../../shared/ports/bus.js';
import { gate, listen, until, type BusUnderTest } from './harness.js';

export type { BusUnderTest } from './harness.js';

/**
 * The behaviour every Bus + BusReceiver must share (Service Bus semantics). Run against the embedded broker
 * always and against a real namespace when one is configured.
 */
export function runBusConformance(name: string, makeBus: () => Promise<BusUnderTest>, options: { timeoutMs?: number } = {}): void {
  describe(`${name} (bus conformance)`, { timeout: options.timeoutMs ?? 10_000 }, () => {
    const run = randomUUID().slice(0, 8); // ids unique per run: a real namespace remembers them for its window
    const id = (label: string) => `${run}:${label}`;
    let t: BusUnderTest;
    let q: string;
    let subs: Subscription[];
    const deadLetters = () => t.bus.peekDeadLetters(q);

    beforeEach(async () => {
      t = await makeBus();
      q = await t.freshQueue();
      subs = [];
    });
    afterEach(async () => {
      await Promise.all(subs.map((s) => s.close()));
      await t.close();
    });

    it('when a message is sent, then one subscriber receives its id, body, correlation id and properties once', async () => {
      const applicationProperties = { stage: 'eligibility', attempt: 1, urgent: true };
      await t.bus.send(q, [{ messageId: id('a'), body: { ticketId: 't-1', n: 1 }, correlationId: 'corr-1', applicationProperties }]);
      const seen = listen(t, subs, q);
      await until(t, () => seen.length === 1, 'the message is delivered');
      await t.settle();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        messageId: id('a'),
        body: { ticketId: 't-1', n: 1 },
        correlationId: 'corr-1',
        applicationProperties,
        deliveryCount: 1,
      });
      expect(seen[0]!.deadLetterReason).toBeUndefined();
      expect(await deadLetters()).toEqual([]);
    });

    it('when the sender changes the body after sending, then the receiver gets the body as sent', async () => {
      const body = { items: ['a'] };
      await t.bus.send(q, [{ messageId: id('mutate'), body }]);
      body.items.push('b');
      const seen = listen(t, subs, q);
      await until(t, () => seen.length === 1, 'the message is delivered');
      expect(seen[0]!.body).toEqual({ items: ['a'] });
    });

    it('when a handler fails once, then the message comes again with deliveryCount 2 and the body as sent', async () => {
      await t.bus.send(q, [{ messageId: id('retry'), body: { items: ['a'] } }]);
      const seen = listen(t, subs, q, async (m) => {
        if (m.deliveryCount > 1) return;
        (m.body as { items: string[] }).items.push('changed by the failed attempt');
        throw new Error('storage unavailable');
      });
      await until(t, () => seen.length === 2, 'the message is delivered again');
      await t.settle();
      expect(seen.map((m) => [m.messageId, m.deliveryCount, m.body])).toEqual([
        [id('retry'), 1, { items: ['a'] }],
        [id('retry'), 2, { items: ['a'] }],
      ]);
      expect(await deadLetters()).toEqual([]);
    });

    it('when a handler always fails, then after exactly maxDeliveryCount deliveries the message is dead-lettered with MaxDeliveryCountExceeded and a one-line error summary', async () => {
      await t.bus.send(q, [{ messageId: id('poison'), body: { n: 1 } }]);
      const seen = listen(t, subs, q, async () => {
        throw new Error(`storage unavailable\n${'x'.repeat(300)}`);
      });
      await until(t, async () => (await deadLetters()).length === 1, 'the message is dead-lettered');
      await t.settle();
      expect(seen.map((m) => m.deliveryCount)).toEqual(Array.from({ length: t.maxDeliveryCount }, (_, i) => i + 1));
      const [dead] = await deadLetters();
      expect(dead).toMatchObject({ messageId: id('poison'), body: { n: 1 }, deadLetterReason: 'MaxDeliveryCountExceeded' });
      expect(dead!.deadLetterErrorDescription).toMatch(/^storage unavailable x+/);
      expect(dead!.deadLetterErrorDescription!.length).toBeLessThanOrEqual(200);
      expect(dead!.deadLetterErrorDescription).not.toMatch(/\n| at /);
    });

    it('when a handler throws DeadLetterError, then, as in Azure, it is retried like any error and dead-lettered MaxDeliveryCountExceeded, its reason kept in the description', async () => {
      await t.bus.send(q, [{ messageId: id('bad'), body: { nope: true } }]);
      const seen = listen(t, subs, q, async () => {
        throw new DeadLetterError('BadEnvelope', 'ticketId is missing');
      });
      await until(t, async () => (await deadLetters()).length === 1, 'the message is dead-lettered');
      await t.settle();
      expect(seen.map((m) => m.deliveryCount)).toEqual(Array.from({ length: t.maxDeliveryCount }, (_, i) => i + 1));
      expect(await deadLetters()).toMatchObject([
        {
          messageId: id('bad'),
          body: { nope: true },
          deadLetterReason: 'MaxDeliveryCountExceeded',
          deadLetterErrorDescription: 'BadEnvelope: ticketId is missing',
        },
      ]);
    });

    it('when a messageId repeats within the duplicate-detection window, then the copy is dropped, and after the window it is accepted', async () => {
      const seen = listen(t, subs, q);
      await t.bus.send(q, [{ messageId: id('dup'), body: 1 }]);
      await t.bus.send(q, [{ messageId: id('dup'), body: 2 }]);
      await until(t, () => seen.length === 1, 'the first copy is delivered');
      await t.settle();
      await t.advance(t.duplicateDetectionWindowMs + 1_000);
      await t.bus.send(q, [{ messageId: id('dup'), body: 3 }]);
      await until(t, () => seen.length === 2, 'the send after the window is delivered');
      await t.settle();
      expect(seen.map((m) => m.body)).toEqual([1, 3]);
    });

    it('when a scheduled and an immediate message share a messageId, then only the first one sent is delivered', async () => {
      const seen = listen(t, subs, q);
      await t.bus.send(q, [{ messageId: id('both'), body: 'scheduled', scheduledEnqueueTimeUtc: new Date(t.now() + 5_000) }]);
      await t.bus.send(q, [{ messageId: id('both'), body: 'immediate' }]);
      await t.advance(5_000);
      await until(t, () => seen.length === 1, 'the scheduled message is delivered');
      await t.settle();
      expect(seen.map((m) => m.body)).toEqual(['scheduled']);
    });

    it('when a message is scheduled, then it is not delivered before its time and is delivered after it', async () => {
      const seen = listen(t, subs, q);
      await t.bus.send(q, [{ messageId: id('later'), body: 'later', scheduledEnqueueTimeUtc: new Date(t.now() + 20_000) }]);
      await t.advance(10_000);
      await t.settle();
      expect(seen).toHaveLength(0);
      await t.advance(10_000);
      await until(t, () => seen.length === 1, 'the scheduled message is delivered');
      expect(seen[0]!.body).toBe('later');
    });

    it('when maxConcurrentCalls is 3, then no more than 3 handlers run at once and every message is handled', async () => {
      const held = gate();
      let running = 0;
      let most = 0;
      let done = 0;
      await t.bus.send(
        q,
        Array.from({ length: 8 }, (_, i) => ({ messageId: id(`c${i}`), body: i })),
      );
      listen(
        t,
        subs,
        q,
        async () => {
          most = Math.max(most, ++running);
          await held.wait;
          running -= 1;
          done += 1;
        },
        3,
      );
      try {
        await until(t, () => running === 3, '3 handlers are running');
        for (let i = 0; i < 5; i++) await t.step();
        expect(running).toBe(3);
      } finally {
        held.open(); // a failed expectation must not leave handlers (and the subscription's close) hanging
      }
      await until(t, () => done === 8, 'every message is handled');
      expect(most).toBe(3);
    });

    it('when two subscribers compete for one queue, then each message is handled exactly once', async () => {
      const first = listen(t, subs, q, async () => {}, 2);
      const second = listen(t, subs, q, async () => {}, 2);
      await t.bus.send(
        q,
        Array.from({ length: 20 }, (_, i) => ({ messageId: id(`m${i}`), body: i })),
      );
      await until(t, () => first.length + second.length === 20, 'all messages are handled');
      await t.settle();
      const bodies = [...first, ...second].map((m) => m.body as number).sort((a, b) => a - b);
      expect(bodies).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it('when a dead letter is replayed, then it is delivered again with its messageId and body and a fresh deliveryCount', async () => {
      let fixed = false;
      await t.bus.send(q, [{ messageId: id('replay'), body: { v: 1 }, correlationId: 'corr-r' }]);
      const seen = listen(t, subs, q, async () => {
        if (!fixed) throw new DeadLetterError('BadEnvelope', 'schema v1 not understood');
      });
      await until(t, async () => (await deadLetters()).length === 1, 'the message is dead-lettered');
      fixed = true;
      expect(await t.bus.replayDeadLetters(q)).toBe(1);
      await until(t, () => seen.length === t.maxDeliveryCount + 1, 'the replayed message is delivered');
      await t.settle();
      const replayed = seen[t.maxDeliveryCount]!;
      expect(replayed).toMatchObject({ messageId: id('replay'), body: { v: 1 }, correlationId: 'corr-r', deliveryCount: 1 });
      expect(replayed.deadLetterReason).toBeUndefined();
      expect(await deadLetters()).toEqual([]);
    });

    it('when replay is given a filter, then only the matching dead letters go back to the queue', async () => {
      let fixed = false;
      await t.bus.send(q, [
        { messageId: id('fixable'), body: 'Fixable' },
        { messageId: id('hopeless'), body: 'Hopeless' },
      ]);
      const seen = listen(t, subs, q, async (m) => {
        if (!fixed || m.body === 'Hopeless') throw new DeadLetterError(String(m.body), 'rejected');
      });
      await until(t, async () => (await deadLetters()).length === 2, 'both messages are dead-lettered');
      fixed = true;
      expect(await t.bus.replayDeadLetters(q, (m) => m.deadLetterErrorDescription!.startsWith('Fixable:'))).toBe(1);
      await until(t, () => seen.length === 2 * t.maxDeliveryCount + 1, 'the replayed message is delivered');
      await t.settle();
      expect(seen.at(-1)).toMatchObject({ messageId: id('fixable'), body: 'Fixable', deliveryCount: 1 });
      expect(await deadLetters()).toMatchObject([{ messageId: id('hopeless'), deadLetterErrorDescription: 'Hopeless: rejected' }]);
    });
  });
}
