import { vi } from 'vitest';
import { EmbeddedBroker } from '../../../shared/adapters/bus/embedded-broker.js';
import type { EmbeddedBrokerOptions } from '../../../shared/adapters/bus/embedded-options.js';
import { MAX_DELIVERY_COUNT } from '../../../shared/queues.js';
import type { BusUnderTest } from './harness.js';

/**
 * The embedded broker on fake time (setTimeout and Date only: setImmediate stays real so `step` can let
 * pending microtasks run).
 */
export async function embeddedUnderTest(options: EmbeddedBrokerOptions = {}): Promise<BusUnderTest & { bus: EmbeddedBroker }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const broker = new EmbeddedBroker(options);
  let queues = 0;
  return {
    bus: broker,
    freshQueue: async () => `queue-${++queues}`,
    now: () => Date.now(),
    advance: async (ms) => {
      await vi.advanceTimersByTimeAsync(ms);
    },
    step: () => new Promise((resolve) => setImmediate(resolve)),
    maxSteps: 50,
    settle: () => broker.idle(),
    duplicateDetectionWindowMs: options.duplicateDetectionWindowMs ?? 10 * 60_000,
    maxDeliveryCount: options.maxDeliveryCount ?? MAX_DELIVERY_COUNT,
    close: async () => {
      await broker.close();
      vi.useRealTimers();
    },
  };
}
