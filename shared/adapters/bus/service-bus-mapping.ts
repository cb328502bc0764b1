import type { ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import { REPLAY_OF_PROPERTY, type OutgoingMessage, type ReceivedMessage } from '../../ports/bus.js';
import { decodeBody } from './wire-body.js';

/** Set on abandon: Service Bus writes its own MaxDeliveryCountExceeded description, without our last error. */
export const LAST_ERROR_PROPERTY = 'relay-last-error';
/**
 * Set on a replayed dead letter. Duplicate detection would silently drop a re-send under the same id inside
 * the window (after the original left the dead-letter queue), so a replay travels under a new id and carries
 * the original one here; handlers still see the original messageId.
 */
export { REPLAY_OF_PROPERTY };
/** Service Bus keeps dead-letter details as application properties; the port has fields for them. */
const HIDDEN_PROPERTIES = new Set([LAST_ERROR_PROPERTY, REPLAY_OF_PROPERTY, 'DeadLetterReason', 'DeadLetterErrorDescription']);
const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';

export function toServiceBusMessage(message: OutgoingMessage): ServiceBusMessage {
  const sb: ServiceBusMessage = { messageId: message.messageId, body: message.body, contentType: 'application/json' };
  if (message.correlationId !== undefined) sb.correlationId = message.correlationId;
  if (message.applicationProperties) sb.applicationProperties = { ...message.applicationProperties };
  if (message.scheduledEnqueueTimeUtc) sb.scheduledEnqueueTimeUtc = message.scheduledEnqueueTimeUtc;
  return sb;
}

export function fromServiceBusMessage(message: ServiceBusReceivedMessage): ReceivedMessage {
  const properties = message.applicationProperties ?? {};
  const applicationProperties: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (HIDDEN_PROPERTIES.has(key) || value === null) continue;
    applicationProperties[key] = value instanceof Date ? value.toISOString() : value;
  }
  const replayOf = properties[REPLAY_OF_PROPERTY];
  const enqueuedTimeUtc = message.enqueuedTimeUtc ?? new Date(0);
  // A receiver created with skipParsingBodyAsJson gives the bytes: decode them as the SDK would and keep them.
  const bytes = message.body instanceof Uint8Array ? message.body : undefined;
  const received: ReceivedMessage = {
    messageId: typeof replayOf === 'string' ? replayOf : idText(message.messageId),
    body: bytes ? decodeBody(bytes) : message.body,
    applicationProperties,
    deliveryCount: message.deliveryCount ?? 0,
    enqueuedTimeUtc,
    // Informational: partitioned entities put the partition in the high bits, beyond 2^53.
    sequenceNumber: message.sequenceNumber?.toNumber() ?? 0,
    lockedUntilUtc: message.lockedUntilUtc ?? enqueuedTimeUtc,
  };
  if (bytes) received.bodyBytes = bytes;
  if (message.correlationId !== undefined) received.correlationId = idText(message.correlationId);
  if (message.deadLetterReason !== undefined) {
    const lastError = properties[LAST_ERROR_PROPERTY];
    received.deadLetterReason = message.deadLetterReason;
    received.deadLetterErrorDescription =
      message.deadLetterReason === MAX_DELIVERY_COUNT_EXCEEDED && typeof lastError === 'string'
        ? lastError
        : (message.deadLetterErrorDescription ?? '');
  }
  return received;
}

/** A dead letter as a fresh message: same body (the same bytes when received as bytes) and original id, no dead-letter or retry marks. */
export function toReplayMessage(deadLetter: ServiceBusReceivedMessage): ServiceBusMessage {
  const received = fromServiceBusMessage(deadLetter);
  const body = received.bodyBytes ? Buffer.from(received.bodyBytes) : received.body;
  return {
    ...toServiceBusMessage({
      ...received,
      body,
      applicationProperties: { ...received.applicationProperties, [REPLAY_OF_PROPERTY]: received.messageId },
    }),
    messageId: `${received.messageId}#replay-${received.sequenceNumber}`,
  };
}

function idText(id: string | number | Buffer | undefined): string {
  if (id === undefined) return '';
  return Buffer.isBuffer(id) ? id.toString('hex') : String(id);
}
