/** Message transport between stages. Implemented by the embedded broker (local, tests) and Azure Service Bus. */
export interface OutgoingMessage {
  /** Deterministic id; the broker drops a second message with the same id inside its duplicate-detection window. */
  messageId: string;
  /** JSON-serialisable body. */
  body: unknown;
  correlationId?: string;
  applicationProperties?: Record<string, string | number | boolean>;
  /** Not visible to receivers before this time (scheduled message). */
  scheduledEnqueueTimeUtc?: Date;
}

export interface Bus {
  send(queue: string, messages: OutgoingMessage[]): Promise<void>;
  /** Resolves when the broker answers (health check); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Set on a dead letter re-sent by `relay dlq replay` through Service Bus, which re-sends under a new messageId (the
 * original id would be dropped by duplicate detection): handlers that key on the messageId read the original here.
 */
export const REPLAY_OF_PROPERTY = 'relay-replay-of';

/** A queue producer's proof of its tool (README "Queue producers sign their messages"): unix seconds, and `v1,<base64 HMAC-SHA256>` (producer-signature.ts). */
export const TIMESTAMP_PROPERTY = 'relay-timestamp';
export const SIGNATURE_PROPERTY = 'relay-signature';

/** A message as a handler sees it under peek-lock. */
export interface ReceivedMessage {
  messageId: string;
  /** The body as @azure/service-bus decodes it: parsed JSON when the bytes are JSON, else the bytes. */
  body: unknown;
  /** The bytes on the wire, exactly as the producer sent them, where the broker can give them. */
  bodyBytes?: Uint8Array;
  correlationId?: string;
  applicationProperties: Record<string, string | number | boolean>;
  deliveryCount: number;
  enqueuedTimeUtc: Date;
  sequenceNumber: number;
  lockedUntilUtc: Date;
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
}

/**
 * Thrown by a handler when the message can never succeed (bad envelope, unknown producer, reused key): the reason
 * names it in logs and in the dead letter's description. It is settled like any error, as Azure's Functions host does:
 * abandoned, redelivered until maxDeliveryCount, then dead-lettered `MaxDeliveryCountExceeded` (README "Local host
 * vs Azure"). A handler cannot dead-letter at once without the preview settlement extension, which the relay does not use.
 */
export class DeadLetterError extends Error {
  constructor(
    readonly reason: string,
    readonly description: string,
  ) {
    super(`${reason}: ${description}`);
    this.name = 'DeadLetterError';
  }
}

export type MessageHandler = (message: ReceivedMessage) => Promise<void>;

export interface Subscription {
  close(): Promise<void>;
}

/** Receiving side used by the local host (Azure's host does this itself in production). */
export interface BusReceiver {
  subscribe(queue: string, handler: MessageHandler, options?: { maxConcurrentCalls?: number }): Subscription;
  /** Dead-letter sub-queue inspection and re-drive (`relay dlq …`). */
  peekDeadLetters(queue: string, max?: number): Promise<ReceivedMessage[]>;
  /** Moves dead-lettered messages back to the queue as new messages with the same id (after a fix). Returns how many. */
  replayDeadLetters(queue: string, filter?: (m: ReceivedMessage) => boolean): Promise<number>;
}
