import { timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { checkWebhookHeaders, verifyWebhook } from '../adapters/webhooks/standard-webhooks.js';
import type { Deps } from '../pipeline/deps.js';
import { liveSecrets, type Tool } from '../ports/tool-registry.js';
import { problem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import { readJsonBody, type BodyRead } from './read-body.js';

export type AuthResult = { ok: true; tool: Tool } | { ok: false; response: HttpResponseInit };

/**
 * One answer for every credential failure (README "Credentials and limits"): unknown, rotated or disabled key or tool, bad, stale or
 * future signature all read the same, so a caller cannot learn which tool ids exist or which part was wrong.
 */
export const CREDENTIALS_REFUSED =
  'The credentials were not accepted. Send a current API key (Authorization: Bearer rk_…), or for a submission a Standard ' +
  'Webhooks signature of this exact body by an enabled tool named with ?toolId=, timestamped within 300 s of now.';

export const denied = (): { ok: false; response: HttpResponseInit } => ({
  ok: false,
  response: problem(401, CREDENTIALS_REFUSED, { headers: { 'www-authenticate': 'Bearer realm="csp-support-relay"' } }),
});

const bearerKey = (request: HttpRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];

/** Reads (GET) take an API key only: signature headers are not a read credential (a captured set would be a token). */
export async function authenticateReader(deps: Deps, request: HttpRequest): Promise<AuthResult> {
  const key = bearerKey(request);
  if (!key) return denied();
  const tool = await deps.tools.findByApiKey(key);
  return tool && !tool.disabled ? { ok: true, tool } : denied();
}

/** A reader within its tool's read budget (GETs cost storage round trips too): the API key, then the per-tool limit. */
export async function authenticateReaderWithin(deps: Deps, limiter: RateLimiter, request: HttpRequest): Promise<AuthResult> {
  const auth = await authenticateReader(deps, request);
  if (!auth.ok) return auth;
  const wait = limiter.take(auth.tool.toolId);
  if (wait === null) return auth;
  return {
    ok: false,
    response: problem(429, 'This tool is over its read rate limit (RATE_LIMIT_READS_PER_MINUTE); retry after Retry-After seconds.', {
      headers: { 'retry-after': String(wait) },
    }),
  };
}

export type SubmitterAuth = { ok: true; tool: Tool; body: BodyRead; signed: boolean } | { ok: false; response: HttpResponseInit };

/**
 * Submissions: a Bearer API key is checked from the headers before a byte of the body is read. A Standard Webhooks
 * signature covers the body, so everything the headers alone can decide (tool, enabled, timestamp window, header
 * shape) is decided first and only then is the body read — with the hard size limit — and the signature checked.
 * (The tool is looked up after the size check so that 413 and 401 cannot be told apart by tool id.)
 */
export async function authenticateSubmitter(deps: Deps, request: HttpRequest): Promise<SubmitterAuth> {
  if (request.headers.get('authorization') !== null) {
    const reader = await authenticateReader(deps, request);
    return reader.ok ? { ...reader, body: await readJsonBody(request), signed: false } : reader;
  }
  const headers = {
    id: request.headers.get('webhook-id'),
    timestamp: request.headers.get('webhook-timestamp'),
    signature: request.headers.get('webhook-signature'),
  };
  const toolId = request.query.get('toolId') ?? request.headers.get('x-relay-tool-id');
  if (!headers.id || !headers.timestamp || !headers.signature || !toolId) return denied();
  const now = deps.clock.now();
  if (!checkWebhookHeaders(headers, now).ok) return denied();
  // A body over the limit is refused before the tool is looked up, so 413 says nothing about which tool ids exist.
  const body = await readJsonBody(request);
  if (!body.ok) return { ok: false, response: problem(body.status, body.detail) };
  const tool = await deps.tools.get(toolId);
  const secrets = tool && !tool.disabled ? liveSecrets(tool.signingSecrets, now) : [];
  if (!tool || secrets.length === 0) return denied();
  return verifyWebhook({ headers, rawBody: body.bytes, secrets, now }).ok ? { ok: true, tool, body, signed: true } : denied();
}

/** Admin endpoints use RELAY_ADMIN_KEY, separate from any tool credential. Constant-time comparison. */
export function isAdmin(request: HttpRequest, adminKey: string): boolean {
  const key = bearerKey(request);
  if (!key) return false;
  const offered = Buffer.from(key);
  const expected = Buffer.from(adminKey);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}
