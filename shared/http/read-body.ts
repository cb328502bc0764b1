import type { HttpRequest } from '@azure/functions';
import { errorMessage } from '../errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; status: 413 | 415; detail: string };

const tooLarge = {
  ok: false,
  status: 413,
  detail: `The body may be at most ${MAX_BODY_BYTES} bytes; nothing was read beyond that.`,
} as const;

/**
 * Checks media type and size, then reads the exact bytes (signatures cover them). The limit holds while streaming:
 * whatever `Content-Length` says, or without one (chunked), reading stops and the stream is cancelled at the first
 * byte past MAX_BODY_BYTES, so a large body never sits in memory.
 */
export async function readJsonBody(request: HttpRequest): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return tooLarge;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return { ok: false, status: 415, detail: 'Send the body as application/json.' };
  }
  const bytes = await readAtMost(request.body, MAX_BODY_BYTES);
  return bytes === null ? tooLarge : { ok: true, bytes };
}

/** The stream's bytes, or null (stream cancelled) as soon as there are more than `limit`. */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (body === null) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    // The local host errors the stream itself when the sender passes the limit.
    if (error instanceof BodyTooLargeError) return null;
    throw error;
  }
  return Buffer.concat(chunks);
}

/** Raised inside a request body stream by a host that stopped reading at the limit. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
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
    return { ok: false, detail: `The body is not valid JSON: ${errorMessage(error).slice(0, 200)}` };
  }
}

/**
 * `Idempotency-Key` (an RFC 8941 string: surrounding quotes allowed), else `webhook-id`. A signed request's key is
 * always its `webhook-id` (README "Credentials and limits"): the id is covered by the signature, so replaying a captured request with a
 * fresh `Idempotency-Key` can never make a second ticket.
 */
export function idempotencyKeyOf(request: HttpRequest, signed: boolean): string | null {
  const raw = signed ? request.headers.get('webhook-id') : (request.headers.get('idempotency-key') ?? request.headers.get('webhook-id'));
  if (raw === null) return null;
  const key = raw.trim().replace(/^"(.*)"$/, '$1');
  return key.length > 0 && key.length <= 255 ? key : null;
}
