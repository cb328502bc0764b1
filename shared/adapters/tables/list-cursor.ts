import { sha256Hex } from './keys.js';

// List cursors: the SDK's continuation token, bound to the partner it was issued to (ticket-store.ts `list`).

/** Storage reads one list request may make before it answers with what it has and a cursor. */
export const MAX_PAGES_PER_LIST = 5;
/** Longest continuation marker a real token can carry: a 1 KiB key in Azure's encoding, with room to spare. */
export const MAX_MARKER_CHARS = 4_200;

const partnerTag = (pk: string) => sha256Hex(`cursor\n${pk}`).slice(0, 16);

/** The cursor names the partner it was issued to, so another partner's real cursor is refused, not reinterpreted. */
export function encodeCursor(token: string, pk: string): string {
  return Buffer.from(JSON.stringify({ p: partnerTag(pk), t: token }), 'utf8').toString('base64url');
}

/**
 * The SDK's continuation token inside a cursor issued to this partner, or null unless it is base64 of
 * `{ nextPartitionKey, nextRowKey? }` with printable values no longer than storage keys can make (they travel as
 * request headers/query, where control characters make the SDK throw and overlong ones make storage refuse).
 */
export function decodeCursor(cursor: string, pk: string): string | null {
  const marker = (v: unknown) => typeof v === 'string' && v.length <= MAX_MARKER_CHARS && /^[\x20-\x7e]+$/.test(v);
  try {
    const outer = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown; t?: unknown } | null;
    if (outer?.p !== partnerTag(pk) || typeof outer.t !== 'string') return null;
    const parsed = JSON.parse(Buffer.from(outer.t, 'base64').toString('latin1')) as {
      nextPartitionKey?: unknown;
      nextRowKey?: unknown;
    } | null;
    const valid = marker(parsed?.nextPartitionKey) && (parsed?.nextRowKey === undefined || marker(parsed.nextRowKey));
    // Azure's NextPartitionKey is an opaque service token, not the key itself, so it cannot be compared to ours.
    return valid ? outer.t : null;
  } catch {
    return null;
  }
}
