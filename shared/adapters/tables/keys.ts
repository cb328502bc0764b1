import { createHash } from 'node:crypto';

/**
 * Table keys may not hold `/ \ # ?` or control characters and are limited to 1 KiB. Azurite accepts
 * some of these, Azure does not, so every caller-influenced key goes through here.
 */
const FORBIDDEN = /[/\\#?%\u0000-\u001f\u007f-\u009f]/g;
const MAX_KEY_CHARS = 512;

export function encodeKey(value: string): string {
  const encoded = value.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return encoded.length <= MAX_KEY_CHARS ? encoded : `h~${sha256Hex(value)}`;
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Table strings hold at most 32 K UTF-16 characters; larger JSON is split across numbered properties. */
const CHUNK = 30_000;

export function packJson(value: unknown, prefix = 'json'): Record<string, string | number> {
  const text = JSON.stringify(value);
  const out: Record<string, string | number> = { [`${prefix}Parts`]: Math.max(1, Math.ceil(text.length / CHUNK)) };
  for (let i = 0; i * CHUNK < text.length || i === 0; i++) out[`${prefix}${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

export function unpackJson<T>(entity: Record<string, unknown>, prefix = 'json'): T {
  const parts = Number(entity[`${prefix}Parts`] ?? 1);
  let text = '';
  for (let i = 0; i < parts; i++) {
    const part = entity[`${prefix}${i}`];
    text += typeof part === 'string' ? part : '';
  }
  return JSON.parse(text) as T;
}
