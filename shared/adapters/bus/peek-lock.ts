import type { MessageHandler } from '../../ports/bus.js';
import { toReceived, type EmbeddedQueue, type StoredMessage } from './embedded-queue.js';
import type { BrokerFaults, DeliveryFault, ResolvedBrokerOptions } from './embedded-options.js';
import { summarizeError } from './error-summary.js';

export interface Subscriber {
  readonly handler: MessageHandler;
  readonly maxConcurrentCalls: number;
  running: number;
  /** Resolved when running drops to 0 (close waits on them). */
  drained: Array<() => void>;
}

export interface PeekLockHooks {
  faults(): BrokerFaults | undefined;
  /** A message became visible again or a receiver slot freed up. */
  pump(queue: EmbeddedQueue): void;
  /** Something settled: idle waiters may be due. */
  changed(): void;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

/** The peek-lock life of one delivery: lock, run the handler, then complete, abandon, dead-letter or expire. */
export class PeekLock {
  /** Handler calls in progress across all queues (a lost lock does not stop a running handler). */
  running = 0;
  private nextToken = 1;

  constructor(
    private readonly options: ResolvedBrokerOptions,
    private readonly hooks: PeekLockHooks,
  ) {}

  deliver(queue: EmbeddedQueue, subscriber: Subscriber, message: StoredMessage): void {
    const { lockDurationMs, timers, now } = this.options;
    const token = this.nextToken++;
    message.deliveryCount += 1;
    const timer = timers.setTimeout(() => this.expire(queue, message, token), lockDurationMs);
    message.lock = { token, until: now() + lockDurationMs, timer };
    queue.locked.add(message);
    const fault: DeliveryFault = this.hooks.faults()?.beforeDeliver?.(queue.name, toReceived(message)) ?? 'deliver';
    const calls = Array.from({ length: fault === 'duplicate' ? 2 : 1 }, () => call(subscriber.handler, message));
    if (fault === 'lose-lock') this.expire(queue, message, token);
    subscriber.running += 1;
    this.running += 1;
    for (const pending of calls) {
      void pending.then((outcome) => this.settle(queue, message, token, fault === 'drop-ack' ? undefined : outcome));
    }
    void Promise.all(calls).then(() => {
      subscriber.running -= 1;
      this.running -= 1;
      if (subscriber.running === 0) subscriber.drained.splice(0).forEach((resolve) => resolve());
      this.hooks.pump(queue);
      this.hooks.changed();
    });
  }

  /** Drops lock timers on close; settlements arriving afterwards still apply but deliver nothing new. */
  stopTimers(queue: EmbeddedQueue): void {
    for (const message of queue.locked) this.options.timers.clearTimeout(message.lock?.timer);
  }

  /** `outcome` undefined: the settlement was lost on its way to the broker (injected fault). */
  private settle(queue: EmbeddedQueue, message: StoredMessage, token: number, outcome: Outcome | undefined): void {
    if (message.lock?.token !== token) return; // the lock was already lost: a late settlement changes nothing
    this.unlock(queue, message);
    if (outcome?.ok) return;
    // Every failure is an abandon, DeadLetterError included: Azure's Functions host completes a message when the
    // function succeeds and abandons it when it throws, and Service Bus itself dead-letters it after maxDeliveryCount
    // (https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger, "PeekLock behavior",
    // "Poison messages"). The last error becomes the dead letter's description.
    message.lastError = outcome ? summarizeError(outcome.error) : 'settlement lost (injected fault)';
    this.release(queue, message);
  }

  private expire(queue: EmbeddedQueue, message: StoredMessage, token: number): void {
    if (message.lock?.token !== token) return;
    this.unlock(queue, message);
    message.lastError = `lock expired after ${this.options.lockDurationMs} ms while the handler was still running`;
    this.release(queue, message);
  }

  private unlock(queue: EmbeddedQueue, message: StoredMessage): void {
    this.options.timers.clearTimeout(message.lock?.timer);
    delete message.lock;
    queue.locked.delete(message);
  }

  /** Back near the head of the queue for another delivery, or dead-lettered once out of deliveries. */
  private release(queue: EmbeddedQueue, message: StoredMessage): void {
    if (message.deliveryCount >= this.options.maxDeliveryCount) {
      this.deadLetter(queue, message, 'MaxDeliveryCountExceeded', message.lastError ?? 'delivery count exceeded');
      return;
    }
    queue.active.pushFront(message);
    this.hooks.pump(queue);
  }

  private deadLetter(queue: EmbeddedQueue, message: StoredMessage, reason: string, description: string): void {
    message.deadLetter = { reason, description };
    queue.deadLetters.push(message);
    this.hooks.changed();
  }
}

/** Each call gets its own copy of the message; a synchronous throw counts as a failed handler too. */
function call(handler: MessageHandler, message: StoredMessage): Promise<Outcome> {
  const received = toReceived(message);
  return Promise.resolve()
    .then(() => handler(received))
    .then(
      (): Outcome => ({ ok: true }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
}
