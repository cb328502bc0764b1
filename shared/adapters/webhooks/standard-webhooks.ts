import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

// Standard Webhooks v1 (HMAC-SHA256 over `${id}.${timestamp}.${body}`, base64, `v1,` prefix).
//
// Signing goes through the official `standardwebhooks` package: our outbound body is a string we
// built, which is exactly what its `sign` takes. Verification is hand-rolled on node:crypto because
// the package's `verify` does not fit an intake that must judge raw bytes:
// - it accepts only string or Buffer (a plain Uint8Array throws) and turns a Buffer into a UTF-8
//   string before hashing, so invalid UTF-8 sequences collapse to U+FFFD — not the bytes received;
// - one secret per instance (rotation needs several), a fixed 5-minute window read from Date.now()
//   (no injectable clock), `parseInt` accepts "123abc" as a timestamp;
// - it throws instead of returning a reason, and JSON-parses the body after a match.

const SECRET_PREFIX = 'whsec_';
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SIGNATURE_BYTES = 32;
const TIMESTAMP = /^\d{1,15}$/;
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `whsec_` + base64 of 32 random bytes (the spec asks for at least 24). */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Key bytes of a `whsec_<base64>` (or bare base64) secret. A malformed secret is our configuration bug: it throws. */
export function decodeSigningSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || !STRICT_BASE64.test(encoded)) {
    throw new Error('Signing secret is not in the form whsec_<base64>; regenerate it with generateSigningSecret().');
  }
  return Buffer.from(encoded, 'base64');
}

export interface SignWebhookInput {
  id: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  /** The exact body that will be sent. */
  body: string;
  /** One signature per secret, so receivers keep verifying during a rotation. */
  secrets: readonly string[];
}

/** The `webhook-signature` header value: `v1,<base64>` per secret, space-separated. */
export function signWebhook({ id, timestamp, body, secrets }: SignWebhookInput): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('timestamp must be whole Unix seconds');
  if (id.length === 0 || id.includes('.')) throw new RangeError('webhook id must be non-empty and contain no "."');
  if (secrets.length === 0) throw new RangeError('at least one signing secret is needed');
  const at = new Date(timestamp * 1000);
  return secrets.map((secret) => new Webhook(decodeSigningSecret(secret), { format: 'raw' }).sign(id, at, body)).join(' ');
}

export type VerifyFailureReason = 'missing-headers' | 'stale-timestamp' | 'bad-signature' | 'malformed';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailureReason };

export interface VerifyWebhookInput {
  headers: { id?: string | null; timestamp?: string | null; signature?: string | null };
  /** The bytes as received; a string is taken as its UTF-8 encoding. Never re-serialised JSON. */
  rawBody: Uint8Array | string;
  /** Every currently valid secret of the sender (two during a rotation). */
  secrets: readonly string[];
  now: Date;
  toleranceSeconds?: number;
}

export function verifyWebhook(input: VerifyWebhookInput): VerifyResult {
  if (input.secrets.length === 0 && input.headers.id && input.headers.timestamp && input.headers.signature) {
    throw new RangeError('at least one signing secret is needed to verify');
  }
  const headers = checkWebhookHeaders(input.headers, input.now, input.toleranceSeconds);
  if (!headers.ok) return headers;
  const { id, timestamp } = input.headers as { id: string; timestamp: string };
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  for (const secret of input.secrets) {
    const expected = createHmac('sha256', decodeSigningSecret(secret)).update(`${id}.${timestamp}.`).update(body).digest();
    if (headers.offered.some((candidate) => timingSafeEqual(candidate, expected))) return { ok: true };
  }
  return { ok: false, reason: 'bad-signature' };
}

/**
 * Everything that can be judged without the body or a secret: all three headers present, well formed, and the
 * timestamp inside the window. Intake runs this before it reads a signed request's body.
 */
export function checkWebhookHeaders(
  headers: VerifyWebhookInput['headers'],
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): { ok: true; offered: Buffer[] } | { ok: false; reason: VerifyFailureReason } {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  // A "." in the id would let bytes slide between id, timestamp and body in the signed string.
  if (id.includes('.') || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };
  const offered = parseSignatureHeader(signature);
  if (offered === undefined) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale-timestamp' };
  return { ok: true, offered };
}

/**
 * The `v1` signatures of a header as raw bytes; entries of other versions or of the wrong size are
 * skipped (they can never match). `undefined` when the header is not a list of `<version>,<value>`.
 */
function parseSignatureHeader(header: string): Buffer[] | undefined {
  const entries = header.split(' ').filter((entry) => entry.length > 0);
  const v1: Buffer[] = [];
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    if (comma <= 0 || comma === entry.length - 1) return undefined;
    const value = entry.slice(comma + 1);
    if (entry.slice(0, comma) !== 'v1' || !STRICT_BASE64.test(value)) continue;
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === SIGNATURE_BYTES) v1.push(bytes);
  }
  return entries.length === 0 ? undefined : v1;
}
