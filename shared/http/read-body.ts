import type { HttpRequest } from '@azure/functions';

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; status: 413 | 415; detail: string };

/** Checks size and media type before anything else looks at the body; returns the exact bytes (signatures cover them). */
export async function readJsonBody(request: HttpRequest): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, detail: `The body may be at most ${MAX_BODY_BYTES} bytes.` };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return { ok: false, status: 415, detail: 'Send the body as application/json.' };
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) return { ok: false, status: 413, detail: `The body may be at most ${MAX_BODY_BYTES} bytes.` };
  return { ok: true, bytes };
}

export type JsonParse = { ok: true; value: unknown; text: string } | { ok: false; detail: string };

export function parseJson(bytes: Uint8Array): JsonParse {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, detail: 'The body is not valid UTF-8.' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch (error) {
    return { ok: false, detail: `The body is not valid JSON: ${(error as Error).message.slice(0, 200)}` };
  }
}

/** `Idempotency-Key` (an RFC 8941 string: surrounding quotes allowed), else `webhook-id`. */
export function idempotencyKeyOf(request: HttpRequest): string | null {
  const raw = request.headers.get('idempotency-key') ?? request.headers.get('webhook-id');
  if (raw === null) return null;
  const key = raw.trim().replace(/^"(.*)"$/, '$1');
  return key.length > 0 && key.length <= 255 ? key : null;
}
