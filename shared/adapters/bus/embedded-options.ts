import { MAX_DELIVERY_COUNT } from '../../queues.js';
import type { ReceivedMessage } from '../../ports/bus.js';

/**
 * What happens to one delivery. Test-only fault injection (reliability tests); production code never sets it.
 * - `deliver`: normal peek-lock delivery.
 * - `drop-ack`: the handler runs but its settlement is lost, so the message comes again (deliveryCount + 1).
 * - `lose-lock`: the lock expires as soon as the handler starts: the message is visible again at once and the
 *   handler's settlement is ignored.
 * - `duplicate`: the handler is called twice at the same time with the same delivery; the first settlement wins.
 */
export type DeliveryFault = 'deliver' | 'drop-ack' | 'lose-lock' | 'duplicate';

/** Test-only seams; see DeliveryFault. */
export interface BrokerFaults {
  beforeDeliver?(queue: string, message: ReceivedMessage): DeliveryFault;
}

/** Timer functions, injectable so tests can drive the broker with fake timers. */
export interface BrokerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EmbeddedBrokerOptions {
  /** Peek-lock duration; Service Bus default is 1 minute. */
  lockDurationMs?: number;
  /** Deliveries before a message is dead-lettered with MaxDeliveryCountExceeded. */
  maxDeliveryCount?: number;
  /** How long a messageId is remembered per queue; Service Bus default is 10 minutes. */
  duplicateDetectionWindowMs?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
  timers?: BrokerTimers;
  /** Test-only fault injection. */
  faults?: BrokerFaults;
}

export interface ResolvedBrokerOptions {
  lockDurationMs: number;
  maxDeliveryCount: number;
  duplicateDetectionWindowMs: number;
  now: () => number;
  timers: BrokerTimers;
}

// Looked up at call time, not captured, so fake timers installed after construction still apply.
const globalTimers: BrokerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function resolveOptions(options: EmbeddedBrokerOptions): ResolvedBrokerOptions {
  const resolved = {
    lockDurationMs: options.lockDurationMs ?? 60_000,
    maxDeliveryCount: options.maxDeliveryCount ?? MAX_DELIVERY_COUNT,
    duplicateDetectionWindowMs: options.duplicateDetectionWindowMs ?? 10 * 60_000,
    now: options.now ?? (() => Date.now()),
    timers: options.timers ?? globalTimers,
  };
  for (const key of ['lockDurationMs', 'maxDeliveryCount', 'duplicateDetectionWindowMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < (key === 'maxDeliveryCount' ? 1 : 0)) {
      throw new RangeError(`EmbeddedBroker option ${key} must be a non-negative number (maxDeliveryCount at least 1), got ${value}`);
    }
  }
  return resolved;
}
