import type { OutgoingMessage, ReceivedMessage } from '../../ports/bus.js';
import { decodeBody } from './wire-body.js';
import { Deque } from './deque.js';
import { MinHeap } from './min-heap.js';

/** A message as the embedded broker keeps it. The body is kept as the bytes Service Bus would carry, handed out as copies. */
export interface StoredMessage {
  readonly messageId: string;
  readonly bodyBytes: Buffer;
  readonly correlationId: string | undefined;
  readonly applicationProperties: Readonly<Record<string, string | number | boolean>>;
  readonly sequenceNumber: number;
  readonly enqueuedAt: number;
  readonly visibleAt: number;
  deliveryCount: number;
  /** Present while a receiver holds the message; the token tells a current settlement from a late one. */
  lock?: { token: number; until: number; timer: unknown };
  lastError?: string;
  deadLetter?: { reason: string; description: string };
}

export interface QueueStats {
  active: number;
  scheduled: number;
  inFlight: number;
  deadLettered: number;
}

/** One queue's state. Starts no timers and calls no handlers; EmbeddedBroker and PeekLock drive it. */
export class EmbeddedQueue {
  readonly active = new Deque<StoredMessage>();
  readonly scheduled = new MinHeap<StoredMessage>(
    (a, b) => a.visibleAt < b.visibleAt || (a.visibleAt === b.visibleAt && a.sequenceNumber < b.sequenceNumber),
  );
  readonly locked = new Set<StoredMessage>();
  deadLetters: StoredMessage[] = [];
  /** messageId → time its duplicate-detection entry lapses; insertion order is (nearly) expiry order. */
  private readonly seen = new Map<string, number>();
  private nextSequenceNumber = 1;

  constructor(readonly name: string) {}

  /** Duplicate detection: true when this id was sent to the queue within the window (the copy is dropped). */
  isDuplicate(messageId: string, now: number): boolean {
    for (const [id, lapsesAt] of this.seen) {
      if (lapsesAt > now) break;
      this.seen.delete(id);
    }
    return (this.seen.get(messageId) ?? -Infinity) > now;
  }

  remember(messageId: string, now: number, windowMs: number): void {
    this.seen.delete(messageId); // re-insert at the end to keep insertion order close to expiry order
    this.seen.set(messageId, now + windowMs);
  }

  enqueue(message: Omit<OutgoingMessage, 'body'>, bodyBytes: Buffer, now: number): void {
    const visibleAt = Math.max(now, message.scheduledEnqueueTimeUtc?.getTime() ?? now);
    const stored: StoredMessage = {
      messageId: message.messageId,
      bodyBytes,
      correlationId: message.correlationId,
      applicationProperties: { ...message.applicationProperties },
      sequenceNumber: this.nextSequenceNumber++,
      enqueuedAt: visibleAt,
      visibleAt,
      deliveryCount: 0,
    };
    if (visibleAt > now) this.scheduled.push(stored);
    else this.active.pushBack(stored);
  }

  /** Moves scheduled messages that are due to the active queue; returns how many moved. */
  promoteDue(now: number): number {
    let moved = 0;
    for (let next = this.scheduled.peek(); next && next.visibleAt <= now; next = this.scheduled.peek()) {
      this.active.pushBack(this.scheduled.pop()!);
      moved += 1;
    }
    return moved;
  }

  stats(): QueueStats {
    return {
      active: this.active.length,
      scheduled: this.scheduled.size,
      inFlight: this.locked.size,
      deadLettered: this.deadLetters.length,
    };
  }
}

/** A fresh view per delivery, so a handler mutating its copy cannot change what the next delivery sees. */
export function toReceived(stored: StoredMessage): ReceivedMessage {
  const received: ReceivedMessage = {
    messageId: stored.messageId,
    body: decodeBody(stored.bodyBytes),
    bodyBytes: Buffer.from(stored.bodyBytes),
    applicationProperties: { ...stored.applicationProperties },
    deliveryCount: stored.deliveryCount,
    enqueuedTimeUtc: new Date(stored.enqueuedAt),
    sequenceNumber: stored.sequenceNumber,
    lockedUntilUtc: new Date(stored.lock?.until ?? stored.enqueuedAt),
  };
  if (stored.correlationId !== undefined) received.correlationId = stored.correlationId;
  if (stored.deadLetter) {
    received.deadLetterReason = stored.deadLetter.reason;
    received.deadLetterErrorDescription = stored.deadLetter.description;
  }
  return received;
}
