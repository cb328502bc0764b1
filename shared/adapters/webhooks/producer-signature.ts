import { createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_PROPERTY, TIMESTAMP_PROPERTY } from '../../ports/bus.js';
import { decodeSigningSecret } from './standard-webhooks.js';

/**
 * Queue producers prove their tool (README "Queue producers sign their messages"): application properties `relay-timestamp` (unix seconds) and
 * `relay-signature: v1,<base64 HMAC-SHA256 of "<messageId>.<relay-timestamp>.<body>">` under the tool's signing
 * secret — the Standard Webhooks construction, with the message id in the place of the webhook id. `body` is the
 * message body as text: the JSON string sent (JSON.stringify of an object body, as the Service Bus SDK sends it).
 */
/** A signature dated further ahead than this is refused; there is no maximum age (see verifyProducerSignature). */
export const FUTURE_TOLERANCE_SECONDS = 300;

const digest = (secret: string, messageId: string, timestamp: string, body: string) =>
  createHmac('sha256', decodeSigningSecret(secret)).update(`${messageId}.${timestamp}.${body}`).digest();

/** The two application properties a producer adds to a message. */
export function signProducerMessage(input: { messageId: string; body: string; secret: string; now?: Date }): Record<string, string> {
  const timestamp = String(Math.floor((input.now ?? new Date()).getTime() / 1000));
  return {
    [TIMESTAMP_PROPERTY]: timestamp,
    [SIGNATURE_PROPERTY]: `v1,${digest(input.secret, input.messageId, timestamp, input.body).toString('base64')}`,
  };
}

/**
 * True when one of `secrets` signed this message. Messages may wait in the queue (a backlog, a dead-letter replay days
 * later), so there is no maximum age: a replayed message carries its messageId, which is its idempotency key, so it
 * can never make a second ticket; the id is signed, so it cannot be changed either.
 */
export function verifyProducerSignature(input: {
  messageId: string;
  body: string;
  timestamp: unknown;
  signature: unknown;
  secrets: readonly string[];
  now: Date;
}): boolean {
  const { signature } = input;
  // Service Bus keeps a property's type: a producer may set the timestamp as a number.
  const timestamp = typeof input.timestamp === 'number' ? String(input.timestamp) : input.timestamp;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || typeof signature !== 'string') return false;
  if (Number(timestamp) > input.now.getTime() / 1000 + FUTURE_TOLERANCE_SECONDS) return false;
  const offered = signature.split(' ').flatMap((entry) => (entry.startsWith('v1,') ? [Buffer.from(entry.slice(3), 'base64')] : []));
  return input.secrets.some((secret) => {
    const expected = digest(secret, input.messageId, timestamp, input.body);
    return offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  });
}
