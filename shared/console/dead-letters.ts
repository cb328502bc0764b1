import { z } from 'zod';
import { deadLetterView, type DeadLetterView } from '../local-host/admin-routes.js';
import type { Bus, BusReceiver } from '../ports/bus.js';
import { ALL_QUEUES } from '../queues.js';

/** Both buses the relay builds (embedded broker, Service Bus) can read their dead-letter sub-queues. */
function receiverOf(bus: Bus): BusReceiver | null {
  const candidate = bus as Partial<BusReceiver>;
  return typeof candidate.peekDeadLetters === 'function' && typeof candidate.replayDeadLetters === 'function'
    ? (bus as Bus & BusReceiver)
    : null;
}

/** `{}` re-drives the whole queue, `{ messageId }` one message (as `relay dlq replay <queue> [--id]`). */
export const replayBodySchema = z.strictObject({ messageId: z.string().min(1).max(1000).optional() });

export const isQueue = (name: string): boolean => (ALL_QUEUES as string[]).includes(name);

export async function peekDeadLetters(bus: Bus, queue: string, max: number): Promise<DeadLetterView[] | null> {
  const receiver = receiverOf(bus);
  return receiver ? (await receiver.peekDeadLetters(queue, max)).map(deadLetterView) : null;
}

/** Re-drives the queue's dead letters, or the one with `messageId`; stages skip tickets already past them. */
export async function replayDeadLetters(bus: Bus, queue: string, messageId?: string): Promise<number | null> {
  const receiver = receiverOf(bus);
  if (!receiver) return null;
  return receiver.replayDeadLetters(queue, messageId === undefined ? undefined : (m) => m.messageId === messageId);
}
