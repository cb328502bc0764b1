import { timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { verifyWebhook } from '../adapters/webhooks/standard-webhooks.js';
import type { Deps } from '../pipeline/deps.js';
import { liveSecrets, type Tool } from '../ports/tool-registry.js';
import { problem } from './problem.js';

export type AuthResult = { ok: true; tool: Tool } | { ok: false; response: HttpResponseInit };

const denied = (detail: string): AuthResult => ({
  ok: false,
  response: problem(401, detail, { headers: { 'www-authenticate': 'Bearer realm="csp-support-relay"' } }),
});

/**
 * The partner is taken from the credential, never from the body (CONTRACT.md §1): a Bearer API key, or a
 * Standard Webhooks signature by the tool named in `?toolId=` / `x-relay-tool-id` (the URL a PSA is configured with).
 */
export async function authenticateTool(deps: Deps, request: HttpRequest, rawBody: Uint8Array | null): Promise<AuthResult> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return denied('Authorization must be "Bearer <api key>".');
    const tool = await deps.tools.findByApiKey(match[1]!);
    if (!tool || tool.disabled) return denied('The API key is not valid (unknown, rotated or disabled).');
    return { ok: true, tool };
  }
  const id = request.headers.get('webhook-id');
  const timestamp = request.headers.get('webhook-timestamp');
  const signature = request.headers.get('webhook-signature');
  if (!id && !timestamp && !signature) return denied('Send an API key (Authorization: Bearer rk_…) or Standard Webhooks signature headers.');
  const toolId = request.query.get('toolId') ?? request.headers.get('x-relay-tool-id');
  if (!toolId) return denied('A signed request must name its tool: add ?toolId=<toolId> to the URL or an x-relay-tool-id header.');
  const tool = await deps.tools.get(toolId);
  const secrets = tool && !tool.disabled ? liveSecrets(tool.signingSecrets, deps.clock.now()) : [];
  if (!tool || secrets.length === 0) return denied('The signature could not be verified.');
  const verdict = verifyWebhook({
    headers: { id: id ?? undefined, timestamp: timestamp ?? undefined, signature: signature ?? undefined },
    rawBody: rawBody ?? new Uint8Array(),
    secrets,
    now: deps.clock.now(),
  });
  if (verdict.ok) return { ok: true, tool };
  return denied(verdict.reason === 'stale-timestamp' ? 'webhook-timestamp is outside the ±300 s tolerance.' : 'The signature could not be verified.');
}

/** Admin endpoints use RELAY_ADMIN_KEY, separate from any tool credential. Constant-time comparison. */
export function isAdmin(request: HttpRequest, adminKey: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) return false;
  const offered = Buffer.from(match[1]!);
  const expected = Buffer.from(adminKey);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}
