import type { Bus, BusReceiver, MessageHandler, OutgoingMessage, ReceivedMessage, Subscription } from '../../ports/bus.js';
import { checkMaxConcurrentCalls, DEFAULT_MAX_CONCURRENT_CALLS, DEFAULT_PEEK_MAX } from './defaults.js';
import { EmbeddedQueue, toReceived, type QueueStats } from './embedded-queue.js';
import { resolveOptions, type BrokerFaults, type EmbeddedBrokerOptions, type ResolvedBrokerOptions } from './embedded-options.js';
import { summarizeError } from './error-summary.js';
import { PeekLock, type Subscriber } from './peek-lock.js';
import { ScheduledReleases } from './scheduled-releases.js';
import { encodeBody } from './wire-body.js';

/**
 * In-memory message broker with Service Bus semantics, for the local host and tests: peek-lock, lock
 * expiry, deliveryCount, MaxDeliveryCountExceeded dead-lettering, duplicate detection, scheduled messages
 * and dead-letter sub-queues. test/adapters/bus/conformance.ts pins it to the Service Bus adapter's behaviour.
 */
export class EmbeddedBroker implements Bus, BusReceiver {
  /** Test-only fault injection (see DeliveryFault); may be swapped between deliveries. */
  faults: BrokerFaults | undefined;
  private readonly options: ResolvedBrokerOptions;
  private readonly queues = new Map<string, { queue: EmbeddedQueue; subscribers: Subscriber[] }>();
  private readonly pumpQueued = new Set<EmbeddedQueue>();
  private readonly releases: ScheduledReleases;
  private readonly peekLock: PeekLock;
  private readonly waiters: Array<{ includeScheduled: boolean; resolve: () => void }> = [];
  private closed = false;

  constructor(options: EmbeddedBrokerOptions = {}) {
    this.options = resolveOptions(options);
    this.faults = options.faults;
    this.releases = new ScheduledReleases(this.options, (queue) => this.pump(queue));
    this.peekLock = new PeekLock(this.options, {
      faults: () => this.faults,
      pump: (queue) => this.pump(queue),
      changed: () => this.checkIdle(),
    });
  }

  async send(queueName: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error(`Cannot send to queue ${queueName}: the embedded broker is closed`);
    // Serialise all bodies first: a bad one rejects the whole send and queues nothing.
    const bodies = messages.map((m) => serialiseBody(queueName, m));
    const { queue } = this.entry(queueName);
    const now = this.options.now();
    messages.forEach((message, i) => {
      if (queue.isDuplicate(message.messageId, now)) return; // dropped silently, as Service Bus does
      queue.remember(message.messageId, now, this.options.duplicateDetectionWindowMs);
      queue.enqueue(message, bodies[i]!, now);
    });
    this.releases.arm(queue);
    this.pump(queue);
  }

  /** In process: it answers as long as it has not been closed. */
  async ping(): Promise<void> {
    if (this.closed) throw new Error('the embedded broker is closed');
  }

  subscribe(queueName: string, handler: MessageHandler, options: { maxConcurrentCalls?: number } = {}): Subscription {
    const { queue, subscribers } = this.entry(queueName);
    const maxConcurrentCalls = checkMaxConcurrentCalls(options.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS);
    const subscriber: Subscriber = { handler, maxConcurrentCalls, running: 0, drained: [] };
    subscribers.push(subscriber);
    this.pump(queue);
    return { close: () => this.unsubscribe(queueName, subscriber) };
  }

  async peekDeadLetters(queueName: string, max = DEFAULT_PEEK_MAX): Promise<ReceivedMessage[]> {
    return this.entry(queueName).queue.deadLetters.slice(0, max).map(toReceived);
  }

  async replayDeadLetters(queueName: string, filter?: (m: ReceivedMessage) => boolean): Promise<number> {
    const { queue } = this.entry(queueName);
    const now = this.options.now();
    const replay = new Set(queue.deadLetters.filter((m) => !filter || filter(toReceived(m))));
    queue.deadLetters = queue.deadLetters.filter((m) => !replay.has(m));
    for (const m of replay) {
      // An operator's deliberate re-send: duplicate detection must not swallow it, but it restarts the window.
      queue.remember(m.messageId, now, this.options.duplicateDetectionWindowMs);
      queue.enqueue(m, m.bodyBytes, now);
    }
    this.pump(queue);
    return replay.size;
  }

  /**
   * Resolves once no message is visible or locked and no handler runs, in any queue. Scheduled messages not
   * yet due do not count unless includeScheduled. Never resolves while visible messages have no subscriber.
   */
  idle(options: { includeScheduled?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ includeScheduled: options.includeScheduled ?? false, resolve });
      this.checkIdle();
    });
  }

  stats(): Record<string, QueueStats> {
    const result: Record<string, QueueStats> = {};
    for (const [name, { queue }] of this.queues) {
      this.promoteDue(queue);
      result[name] = queue.stats();
    }
    return result;
  }

  /** Stops all subscriptions and timers; resolves once running handlers have returned. */
  async close(): Promise<void> {
    this.closed = true;
    this.releases.clear();
    for (const { queue } of this.queues.values()) this.peekLock.stopTimers(queue);
    const all = [...this.queues].flatMap(([name, { subscribers }]) => subscribers.map((s) => [name, s] as const));
    await Promise.all(all.map(([name, s]) => this.unsubscribe(name, s)));
  }

  private entry(name: string): { queue: EmbeddedQueue; subscribers: Subscriber[] } {
    let entry = this.queues.get(name);
    if (!entry) {
      entry = { queue: new EmbeddedQueue(name), subscribers: [] };
      this.queues.set(name, entry);
    }
    return entry;
  }

  private async unsubscribe(queueName: string, subscriber: Subscriber): Promise<void> {
    const { subscribers } = this.entry(queueName);
    const at = subscribers.indexOf(subscriber);
    if (at >= 0) subscribers.splice(at, 1);
    if (subscriber.running > 0) await new Promise<void>((resolve) => subscriber.drained.push(resolve));
  }

  /** Deliveries start in a microtask, so senders and settlers never re-enter handlers synchronously. */
  private pump(queue: EmbeddedQueue): void {
    if (this.pumpQueued.has(queue)) return;
    this.pumpQueued.add(queue);
    void Promise.resolve().then(() => {
      this.pumpQueued.delete(queue);
      this.deliverVisible(queue);
      this.checkIdle();
    });
  }

  private deliverVisible(queue: EmbeddedQueue): void {
    if (this.closed) return;
    queue.promoteDue(this.options.now());
    const { subscribers } = this.entry(queue.name);
    while (queue.active.length > 0) {
      // Least busy subscriber first: competing receivers share the work.
      let chosen: Subscriber | undefined;
      for (const s of subscribers) {
        if (s.running < s.maxConcurrentCalls && (!chosen || s.running < chosen.running)) chosen = s;
      }
      if (!chosen) return;
      this.peekLock.deliver(queue, chosen, queue.active.shift()!);
    }
  }

  /** Due scheduled messages whose timer has not fired yet (e.g. a clock moved by hand) become visible now. */
  private promoteDue(queue: EmbeddedQueue): void {
    if (queue.promoteDue(this.options.now()) > 0) this.pump(queue);
  }

  private checkIdle(): void {
    if (this.waiters.length === 0) return;
    const queues = [...this.queues.values()].map((e) => e.queue);
    queues.forEach((q) => this.promoteDue(q));
    if (this.peekLock.running > 0 || queues.some((q) => q.active.length > 0 || q.locked.size > 0)) return;
    const hasScheduled = queues.some((q) => q.scheduled.size > 0);
    for (const waiter of [...this.waiters]) {
      if (waiter.includeScheduled && hasScheduled) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

function serialiseBody(queue: string, message: OutgoingMessage): Buffer {
  try {
    return encodeBody(message.body);
  } catch (error) {
    throw new Error(`Message ${message.messageId} for queue ${queue}: body is not JSON-serialisable (${summarizeError(error)})`);
  }
}
