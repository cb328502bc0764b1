import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import {
  fromServiceBusMessage,
  LAST_ERROR_PROPERTY,
  REPLAY_OF_PROPERTY,
  toReplayMessage,
  toServiceBusMessage,
} from '../../../shared/adapters/bus/service-bus-mapping.js';

/** The fields the SDK fills on a received message (the rest are irrelevant to the mapping). */
function received(fields: Partial<Omit<ServiceBusReceivedMessage, 'sequenceNumber'>> & { sequence?: number }): ServiceBusReceivedMessage {
  const { sequence = 7, ...rest } = fields;
  return {
    body: { ticketId: 't-1' },
    messageId: 't-1:routing',
    deliveryCount: 1,
    enqueuedTimeUtc: new Date('2026-01-01T00:00:00Z'),
    sequenceNumber: { toNumber: () => sequence },
    state: 'active',
    ...rest,
  } as unknown as ServiceBusReceivedMessage;
}

describe('Service Bus message mapping', () => {
  it('when a message is sent, then id, body, correlation id, properties and schedule carry over as JSON', () => {
    const at = new Date('2026-01-01T00:05:00Z');
    expect(
      toServiceBusMessage({
        messageId: 'm',
        body: { a: 1 },
        correlationId: 'c',
        applicationProperties: { stage: 'routing' },
        scheduledEnqueueTimeUtc: at,
      }),
    ).toEqual({
      messageId: 'm',
      body: { a: 1 },
      contentType: 'application/json',
      correlationId: 'c',
      applicationProperties: { stage: 'routing' },
      scheduledEnqueueTimeUtc: at,
    });
  });

  it('when a message exhausted its deliveries, then the description is the last error the adapter recorded and internal properties are hidden', () => {
    const dead = received({
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: 'Message could not be consumed after 10 delivery attempts.',
      applicationProperties: {
        stage: 'routing',
        [LAST_ERROR_PROPERTY]: 'storage unavailable',
        DeadLetterReason: 'MaxDeliveryCountExceeded',
      },
    });
    expect(fromServiceBusMessage(dead)).toMatchObject({
      messageId: 't-1:routing',
      applicationProperties: { stage: 'routing' },
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: 'storage unavailable',
      sequenceNumber: 7,
    });
    expect(Object.keys(fromServiceBusMessage(dead).applicationProperties)).toEqual(['stage']);
  });

  it('when a handler dead-lettered a message, then its own reason and description are kept', () => {
    const dead = received({
      deadLetterReason: 'BadEnvelope',
      deadLetterErrorDescription: 'ticketId is missing',
      applicationProperties: { [LAST_ERROR_PROPERTY]: 'older error' },
    });
    expect(fromServiceBusMessage(dead)).toMatchObject({
      deadLetterReason: 'BadEnvelope',
      deadLetterErrorDescription: 'ticketId is missing',
    });
  });

  it('when a dead letter is replayed, then it travels under a new id but handlers see the original id, without dead-letter marks', () => {
    const dead = received({
      correlationId: 'corr',
      deadLetterReason: 'BadEnvelope',
      deadLetterErrorDescription: 'x',
      applicationProperties: {
        stage: 'routing',
        DeadLetterReason: 'BadEnvelope',
        DeadLetterErrorDescription: 'x',
        [LAST_ERROR_PROPERTY]: 'e',
      },
    });
    const replay = toReplayMessage(dead);
    expect(replay).toMatchObject({
      messageId: 't-1:routing#replay-7',
      body: { ticketId: 't-1' },
      correlationId: 'corr',
      applicationProperties: { stage: 'routing', [REPLAY_OF_PROPERTY]: 't-1:routing' },
    });
    const again = received({ messageId: replay.messageId, applicationProperties: replay.applicationProperties ?? {} });
    expect(fromServiceBusMessage(again)).toMatchObject({ messageId: 't-1:routing', applicationProperties: { stage: 'routing' } });
    expect(fromServiceBusMessage(again).deadLetterReason).toBeUndefined();
  });

  it('when a replayed message is dead-lettered and replayed again, then the original id is still the one handlers see', () => {
    const once = toReplayMessage(received({}));
    const twice = toReplayMessage(
      received({ messageId: once.messageId, applicationProperties: once.applicationProperties ?? {}, sequence: 9 }),
    );
    expect([twice.messageId, twice.applicationProperties?.[REPLAY_OF_PROPERTY]]).toEqual(['t-1:routing#replay-9', 't-1:routing']);
  });

  it('when a body arrives as raw bytes, then handlers see the parsed JSON and the exact bytes, and a replay re-sends those bytes', () => {
    const bytes = Buffer.from('{ "b": 2,\n  "a": 1 }');
    const message = fromServiceBusMessage(received({ body: bytes }));
    expect(message.body).toEqual({ b: 2, a: 1 });
    expect(Buffer.from(message.bodyBytes!).equals(bytes)).toBe(true);
    expect(Buffer.from(toReplayMessage(received({ body: bytes })).body as Buffer).equals(bytes)).toBe(true);
    expect(fromServiceBusMessage(received({ body: Buffer.from([0xff, 0x00]) })).body).toEqual(Buffer.from([0xff, 0x00]));
  });
});
