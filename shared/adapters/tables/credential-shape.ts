import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from './secret-box.js';

/**
 * What relay-issued credentials look like, so that anything else is refused before it costs a table read:
 * - API keys: `rk_` + 43 base64url characters (32 random bytes) + a 16-character tag the relay computes with its
 *   encryption key (SecretBox.tag). Keys issued before tags existed (`rk_` + 43) are "legacy".
 * - Tool ids: `tool_` + 12 base64url characters.
 */
const BODY = 43;
const TAG = 16;
const B64URL = /^[A-Za-z0-9_-]+$/;

export type ApiKeyShape = 'tagged' | 'legacy' | 'invalid';

export function newTaggedApiKey(box: SecretBox): string {
  const body = randomBytes(32).toString('base64url');
  return `rk_${body}${box.tag(body)}`;
}

export function apiKeyShape(apiKey: string, box: SecretBox): ApiKeyShape {
  if (!apiKey.startsWith('rk_') || !B64URL.test(apiKey.slice(3))) return 'invalid';
  const rest = apiKey.slice(3);
  if (rest.length === BODY) return 'legacy';
  if (rest.length !== BODY + TAG) return 'invalid';
  const offered = Buffer.from(rest.slice(BODY));
  const expected = Buffer.from(box.tag(rest.slice(0, BODY)));
  return timingSafeEqual(offered, expected) ? 'tagged' : 'invalid';
}

export const isToolIdShape = (toolId: string): boolean => /^tool_[A-Za-z0-9_-]{12}$/.test(toolId);
