import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import {
  FUTURE_TOLERANCE_SECONDS,
  signProducerMessage,
  verifyProducerSignature,
} from '../../../shared/adapters/webhooks/producer-signature.js';
import { SIGNATURE_PROPERTY, TIMESTAMP_PROPERTY } from '../../../shared/ports/bus.js';

// Queue producers sign as Standard Webhooks do, with the message id in the place of the webhook id (README "Queue
// producers sign their messages"). Expected signatures come from the specification's published vector and from the
// reference library (`standardwebhooks`), never from the code under test.
const KEY = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_KEY = 'whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const PUBLISHED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const AT_SIGNING = new Date(TIMESTAMP * 1000);

const verify = (overrides: Partial<Parameters<typeof verifyProducerSignature>[0]> = {}) =>
  verifyProducerSignature({
    messageId: ID,
    body: BODY,
    timestamp: String(TIMESTAMP),
    signature: PUBLISHED,
    secrets: [KEY],
    now: AT_SIGNING,
    ...overrides,
  });

/** The reference library's signature of the vector's message at another time. */
const referenceSignature = (timestamp: number, secret = KEY) => new Webhook(secret).sign(ID, new Date(timestamp * 1000), BODY);

describe('signProducerMessage', () => {
  it('when a producer signs the published vector, then it sends the vector timestamp and the published signature', () => {
    expect(signProducerMessage({ messageId: ID, body: BODY, secret: KEY, now: AT_SIGNING })).toEqual({
      [TIMESTAMP_PROPERTY]: String(TIMESTAMP),
      [SIGNATURE_PROPERTY]: PUBLISHED,
    });
  });
});

describe('verifyProducerSignature', () => {
  it('when the message carries the published signature, then it verifies (positive control)', () => {
    expect(verify()).toBe(true);
  });

  it('when Service Bus delivers the timestamp as a number, then it verifies the same', () => {
    expect(verify({ timestamp: TIMESTAMP })).toBe(true);
  });

  it.each([
    ['a Buffer of the digits', Buffer.from(String(TIMESTAMP))],
    ['an array holding the number', [TIMESTAMP]],
    ['a Date', AT_SIGNING],
    ['missing', undefined],
  ])('when the timestamp is %s (not unix seconds as a string or number), then the message is refused', (_label, timestamp) => {
    expect(verify({ timestamp })).toBe(false);
  });

  it.each([
    ['a sign', `+${TIMESTAMP}`],
    ['a fraction', `${TIMESTAMP}.0`],
    ['a leading space', ` ${TIMESTAMP}`],
    ['a trailing space', `${TIMESTAMP} `],
    ['13 digits (milliseconds)', `${TIMESTAMP}000`],
  ])('when the timestamp carries %s, then the message is refused even though the signature covers that text', (_label, timestamp) => {
    // Signed over exactly that text with the right key, so only the timestamp's form can refuse it.
    expect(verify({ timestamp, signature: hmacOver(timestamp) })).toBe(false);
  });

  it('when the timestamp is at most 5 minutes ahead of the clock, then it verifies; one second more and it is refused', () => {
    expect(FUTURE_TOLERANCE_SECONDS).toBe(300);
    const ahead = TIMESTAMP + 300;
    expect(verify({ timestamp: String(ahead), signature: referenceSignature(ahead) })).toBe(true);
    expect(verify({ timestamp: String(ahead + 1), signature: referenceSignature(ahead + 1) })).toBe(false);
  });

  it('when a message waited days in the queue, then it still verifies: there is no maximum age', () => {
    expect(verify({ now: new Date((TIMESTAMP + 30 * 86_400) * 1000) })).toBe(true);
  });

  it('when the signing secret is being rotated, then a message signed with either of the two current secrets verifies', () => {
    expect(verify({ secrets: [KEY, OTHER_KEY] })).toBe(true);
    expect(verify({ secrets: [OTHER_KEY, KEY] })).toBe(true);
    expect(verify({ secrets: [OTHER_KEY] })).toBe(false);
  });

  it('when the signature header lists several signatures, then one valid v1 signature among them is enough', () => {
    const stale = referenceSignature(TIMESTAMP, OTHER_KEY);
    expect(verify({ signature: `${stale} ${PUBLISHED}` })).toBe(true);
    expect(verify({ signature: `${PUBLISHED} ${stale}` })).toBe(true);
  });

  it.each([
    ['v2', `v2,${PUBLISHED.slice(3)}`],
    ['v1a (asymmetric)', `v1a,${PUBLISHED.slice(3)}`],
    ['none', PUBLISHED.slice(3)],
  ])('when the right HMAC is offered under version %s instead of v1, then the message is refused', (_label, signature) => {
    expect(verify({ signature })).toBe(false);
  });

  it('when a v1 signature has the wrong length, then the message is refused without an error', () => {
    expect(verify({ signature: 'v1,AAAA' })).toBe(false);
    expect(verify({ signature: `v1,AAAA ${PUBLISHED}` })).toBe(true);
  });

  it('when the signature is not a string, then the message is refused', () => {
    expect(verify({ signature: Buffer.from(PUBLISHED) })).toBe(false);
  });
});

/**
 * The v1 signature over "<id>.<timestamp text>.<body>" under KEY, as the specification defines it. The reference library
 * only signs a Date, so a timestamp text no Date produces needs the HMAC by hand.
 */
function hmacOver(timestamp: string): string {
  const key = Buffer.from(KEY.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${ID}.${timestamp}.${BODY}`).digest('base64')}`;
}
