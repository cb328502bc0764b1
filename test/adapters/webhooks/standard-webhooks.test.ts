import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import {
  decodeSigningSecret,
  generateSigningSecret,
  signWebhook,
  verifyWebhook,
} from '../../../shared/adapters/webhooks/standard-webhooks.js';

// Published vector (standard-webhooks JS library tests; research/reliability-facts.md §1.1).
const KEY = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const AT_SIGNING = new Date(TIMESTAMP * 1000);

function headers(signature: string, id = ID, timestamp = String(TIMESTAMP)) {
  return { id, timestamp, signature };
}

describe('signWebhook', () => {
  it('when signing the published vector, then the header is the published signature', () => {
    expect(signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: [KEY] })).toBe(EXPECTED);
  });

  it('when the secret has no whsec_ prefix, then the signature is the same', () => {
    expect(signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: [KEY.slice('whsec_'.length)] })).toBe(EXPECTED);
  });

  it('when two secrets are given (rotation), then the header carries one v1 signature per secret, space-separated', () => {
    const other = generateSigningSecret();
    const header = signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: [KEY, other] });
    const [first, second, ...rest] = header.split(' ');
    expect(first).toBe(EXPECTED);
    expect(second).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(rest).toEqual([]);
  });

  it('when a secret is not base64, then signing throws without echoing the secret', () => {
    expect(() => signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: ['whsec_not base64!'] })).toThrow(/whsec_<base64>/);
    expect(() => signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: ['whsec_not base64!'] })).not.toThrow(/not base64!/);
  });
});

describe('signWebhook input the specification cannot sign', () => {
  const sign = (overrides: Partial<Parameters<typeof signWebhook>[0]>) => () =>
    signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: [KEY], ...overrides });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])(
    'when the timestamp is %s (not whole Unix seconds), then signing throws naming the timestamp',
    (timestamp) => {
      expect(sign({ timestamp })).toThrow(RangeError);
      expect(sign({ timestamp })).toThrow(/timestamp/);
    },
  );

  it('when the timestamp is 0 (the epoch), then it is signed as the reference library signs it', () => {
    expect(sign({ timestamp: 0 })()).toBe(new Webhook(KEY).sign(ID, new Date(0), BODY));
  });

  it.each([
    ['empty', ''],
    ['containing "."', 'msg.1'],
  ])(
    'when the webhook id is %s, then signing throws naming the id (the signed "<id>.<timestamp>.<body>" would be ambiguous)',
    (_label, id) => {
      expect(sign({ id })).toThrow(RangeError);
      expect(sign({ id })).toThrow(/id/);
    },
  );

  it('when no secret is given, then signing throws instead of sending an unsigned webhook', () => {
    expect(sign({ secrets: [] })).toThrow(RangeError);
    expect(sign({ secrets: [] })).toThrow(/secret/);
  });

  it('when the secret is whsec_ with nothing after it (an empty key), then signing throws', () => {
    expect(sign({ secrets: ['whsec_'] })).toThrow(/whsec_<base64>/);
  });
});

describe('verifyWebhook without secrets', () => {
  it('when a fully signed message is checked against no secret at all, then it throws (a configuration error, not a bad signature)', () => {
    expect(() => verifyWebhook({ headers: headers(EXPECTED), rawBody: BODY, secrets: [], now: AT_SIGNING })).toThrow(RangeError);
    expect(() => verifyWebhook({ headers: headers(EXPECTED), rawBody: BODY, secrets: [], now: AT_SIGNING })).toThrow(/secret/);
  });

  it('when an unsigned message is checked against no secret, then headers are missing (a 401, not an error)', () => {
    expect(verifyWebhook({ headers: { id: ID }, rawBody: BODY, secrets: [], now: AT_SIGNING })).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
  });
});

describe('generateSigningSecret', () => {
  it('when generating, then it is whsec_ plus base64 of 32 random bytes, different every time', () => {
    const a = generateSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeSigningSecret(a)).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(a);
  });

  it('when the official library signs with a generated secret, then our verifier accepts it', () => {
    const secret = generateSigningSecret();
    const signature = new Webhook(secret).sign(ID, AT_SIGNING, BODY);
    expect(verifyWebhook({ headers: headers(signature), rawBody: BODY, secrets: [secret], now: AT_SIGNING })).toEqual({ ok: true });
  });
});

describe('verifyWebhook', () => {
  const verify = (overrides: Partial<Parameters<typeof verifyWebhook>[0]>) =>
    verifyWebhook({ headers: headers(EXPECTED), rawBody: BODY, secrets: [KEY], now: AT_SIGNING, ...overrides });

  it('when the published vector arrives as a string, then it verifies', () => {
    expect(verify({})).toEqual({ ok: true });
  });

  it('when the published vector arrives as raw bytes (a plain Uint8Array), then it verifies', () => {
    expect(verify({ rawBody: new Uint8Array(new TextEncoder().encode(BODY)) })).toEqual({ ok: true });
  });

  it('when one body byte is flipped, then the signature is bad', () => {
    const bytes = new TextEncoder().encode(BODY);
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    expect(verify({ rawBody: bytes })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('when the body is re-serialised JSON (same data, other whitespace), then the signature is bad', () => {
    expect(verify({ rawBody: JSON.stringify(JSON.parse(BODY)) })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('when two bodies differ only in invalid UTF-8 bytes, then only the signed one verifies (raw bytes, not decoded text)', () => {
    const secret = generateSigningSecret();
    const signed = Uint8Array.from([0x7b, 0xff, 0x7d]);
    const other = Uint8Array.from([0x7b, 0xfe, 0x7d]);
    const mac = createHmac('sha256', decodeSigningSecret(secret)).update(`${ID}.${TIMESTAMP}.`).update(signed).digest('base64');
    const input = { headers: headers(`v1,${mac}`), secrets: [secret], now: AT_SIGNING };
    expect(verifyWebhook({ ...input, rawBody: signed })).toEqual({ ok: true });
    expect(verifyWebhook({ ...input, rawBody: other })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['301 s old', TIMESTAMP + 301],
    ['301 s in the future', TIMESTAMP - 301],
  ])('when the timestamp is %s, then it is stale', (_label, nowSeconds) => {
    expect(verify({ now: new Date(nowSeconds * 1000) })).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it.each([
    ['300 s old', TIMESTAMP + 300],
    ['300 s in the future', TIMESTAMP - 300],
  ])('when the timestamp is %s, then it is still inside the window', (_label, nowSeconds) => {
    expect(verify({ now: new Date(nowSeconds * 1000) })).toEqual({ ok: true });
  });

  it('when a custom tolerance is given, then it replaces the 300 s window', () => {
    expect(verify({ now: new Date((TIMESTAMP + 61) * 1000), toleranceSeconds: 60 })).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('when either of two secrets (rotation) signed the message, then it verifies', () => {
    const oldSecret = KEY;
    const newSecret = generateSigningSecret();
    const byNew = signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: [newSecret] });
    expect(verify({ secrets: [oldSecret, newSecret] })).toEqual({ ok: true });
    expect(verify({ headers: headers(byNew), secrets: [oldSecret, newSecret] })).toEqual({ ok: true });
    expect(verify({ headers: headers(byNew), secrets: [oldSecret] })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('when the header carries several signatures and one matches, then it verifies', () => {
    const other = signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secrets: [generateSigningSecret()] });
    expect(verify({ headers: headers(`${other} v2,abc ${EXPECTED}`) })).toEqual({ ok: true });
  });

  it('when the signature list has extra spaces (between, before or after entries), then it still verifies', () => {
    const other = new Webhook(generateSigningSecret()).sign(ID, AT_SIGNING, BODY);
    for (const signature of [`${other}  ${EXPECTED}`, ` ${EXPECTED}`, `${EXPECTED} `]) {
      expect(verify({ headers: headers(signature) })).toEqual({ ok: true });
    }
  });

  it('when only unknown versions or wrong-length v1 values are offered, then the signature is bad', () => {
    expect(verify({ headers: headers(`v2,${EXPECTED.slice(3)} v1a,${EXPECTED.slice(3)}`) })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify({ headers: headers('v1,AAAA') })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['id', { id: '' }],
    ['timestamp', { timestamp: null }],
    ['signature', { signature: undefined }],
  ])('when the %s header is missing, then headers are missing', (_label, missing) => {
    expect(verify({ headers: { ...headers(EXPECTED), ...missing } })).toEqual({ ok: false, reason: 'missing-headers' });
  });

  it.each([
    ['a non-numeric timestamp', headers(EXPECTED, ID, '1614265330abc')],
    ['a negative timestamp', headers(EXPECTED, ID, '-1614265330')],
    ['an id with a "."', headers(EXPECTED, 'msg.1')],
    ['a signature without a version', headers('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')],
    ['a signature of only spaces', headers('   ')],
    ['a signature entry with nothing before the comma', headers(`,${EXPECTED.slice(3)}`)],
    ['a v1 entry with nothing after the comma', headers('v1,')],
    ['a valid signature beside an entry with nothing after the comma', headers(`${EXPECTED} v1,`)],
  ])('when the message has %s, then it is malformed', (_label, malformed) => {
    expect(verify({ headers: malformed })).toEqual({ ok: false, reason: 'malformed' });
  });
});
