import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { psaRequest, type PsaHttpOptions } from '../../adapters/psa/psa-http.js';
import type { Connector, ConnectorSecrets } from '../connector.js';
import { keyUrlOf } from './connectwise.js';

export type Headers = (name: string) => string | null;

/** Equal-length digests compared in constant time, so neither the length nor the first differing byte leaks. */
export function sameSecret(given: string | Buffer, expected: string | Buffer): boolean {
  const digest = (v: string | Buffer) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Halo: `Authorization: Basic base64(user:password)` with the pair the relay generated for this connector. */
export function verifyHalo(secrets: Extract<ConnectorSecrets, { kind: 'halo' }>, headers: Headers): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(headers('authorization') ?? '');
  const given = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  return sameSecret(given, `${secrets.inboundUser}:${secrets.inboundPassword}`) && given.length > 0;
}

/**
 * Autotask: `X-Hook-Signature: sha1=<base64 HMAC-SHA1 of the raw body under the webhook's SecretKey>`
 * (https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/Webhooks/Webhooks_Creating.htm; the `sha1=` prefix as
 * NangoHQ/nango's Autotask fixtures show it). A value without the prefix is accepted too.
 */
export function verifyAutotask(secrets: Extract<ConnectorSecrets, { kind: 'autotask' }>, headers: Headers, rawBody: Uint8Array): boolean {
  const given = (headers('x-hook-signature') ?? '').replace(/^sha1=/i, '');
  const expected = autotaskSignature(secrets.webhookSecret, rawBody);
  return sameSecret(given, expected) && given.length > 0;
}

export const autotaskSignature = (secret: string, rawBody: Uint8Array | string) =>
  createHmac('sha1', secret).update(rawBody).digest('base64');

/**
 * ConnectWise: `x-content-signature` = base64 HMAC-SHA256 of the raw body, keyed with the SHA-256 of the signing key
 * published at the callback's `Metadata.key_url` (https://developer.connectwise.com/Products/ConnectWise_PSA/
 * Developer_Guide#Webhooks; NangoHQ/nango connectwise-psa-webhook-routing.ts). The URL comes from the caller, so it is
 * fetched only when its host matches the connector's `--key-url-host` patterns, and through the callback guard.
 */
export function connectWiseSignature(signingKey: string, rawBody: Uint8Array | string): string {
  return createHmac('sha256', createHash('sha256').update(signingKey, 'utf8').digest()).update(rawBody).digest('base64');
}

export const DEFAULT_KEY_URL_HOSTS = ['*.myconnectwise.net'];

export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? name.endsWith(p.slice(1)) && name.length > p.length - 1 : name === p;
  });
}

const KEY_CACHE_MS = 10 * 60_000;
/** A key fetched this recently is not fetched again for a mismatching signature: forged callbacks cannot make us hammer ConnectWise. */
const REFETCH_AFTER_MS = 60_000;
const keyCache = new Map<string, { key: string; until: number; fetchedAt: number }>();

export async function verifyConnectWise(
  connector: Connector,
  headers: Headers,
  rawBody: Uint8Array,
  body: unknown,
  http: PsaHttpOptions,
): Promise<boolean> {
  const given = headers('x-content-signature') ?? '';
  const keyUrl = keyUrlOf(body);
  if (!given || !keyUrl) return false;
  let url: URL;
  try {
    url = new URL(keyUrl);
  } catch {
    return false;
  }
  if (!hostAllowed(url.hostname, connector.keyUrlHosts ?? DEFAULT_KEY_URL_HOSTS)) return false;
  const cached = keyCache.get(keyUrl);
  if (cached && cached.until > Date.now()) {
    if (sameSecret(given, connectWiseSignature(cached.key, rawBody))) return true;
    if (Date.now() - cached.fetchedAt < REFETCH_AFTER_MS) return false;
  }
  // Not cached, expired, or ConnectWise rotated the key: fetch it again (once per callback).
  const answer = await psaRequest(http, { method: 'GET', url: keyUrl, headers: {} });
  if (answer.kind !== 'answered' || answer.status !== 200) return false;
  const key = (answer.body as { signing_key?: unknown } | null)?.signing_key;
  if (typeof key !== 'string' || !key) return false;
  keyCache.set(keyUrl, { key, until: Date.now() + KEY_CACHE_MS, fetchedAt: Date.now() });
  return sameSecret(given, connectWiseSignature(key, rawBody));
}
