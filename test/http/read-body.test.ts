import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, idempotencyKeyOf, parseJson, readJsonBody } from '../../shared/http/read-body.js';

/** docs/openapi.json: bodies are JSON up to 64 KiB (413 above, 415 for other media types); the Idempotency-Key is 1–255 chars. */
const KIB_64 = 64 * 1024;

const request = (headers: Record<string, string>, body = '{}') =>
  new HttpRequest({ method: 'POST', url: 'http://relay.test/api/v1/service-requests', headers, body: { string: body } });

describe('readJsonBody', () => {
  it.each(['application/json', 'Application/JSON; charset=utf-8', 'application/json ; charset=utf-8', 'application/cloudevents+json'])(
    'when the media type is %s, then the exact bytes are returned',
    async (type) => {
      const read = await readJsonBody(request({ 'content-type': type }, '{"a":1}'));
      expect(read.ok && new TextDecoder().decode(read.bytes)).toBe('{"a":1}');
    },
  );

  it.each(['text/plain', 'application/jsonp', ''])(
    'when the media type is "%s", then 415 and the detail names the type to send',
    async (type) => {
      expect(await readJsonBody(request({ 'content-type': type }))).toEqual({
        ok: false,
        status: 415,
        detail: 'Send the body as application/json.',
      });
    },
  );

  it('when the body is over the limit while streaming (no Content-Length), then the detail gives the limit in bytes', async () => {
    const read = await readJsonBody(request({ 'content-type': 'application/json' }, `"${'x'.repeat(KIB_64)}"`));
    expect(read).toEqual({ ok: false, status: 413, detail: `The body may be at most ${KIB_64} bytes; nothing was read beyond that.` });
  });

  it('when Content-Length declares exactly 64 KiB, then the body is read', async () => {
    expect(await readJsonBody(request({ 'content-type': 'application/json', 'content-length': String(KIB_64) }, '{"a":1}'))).toMatchObject({
      ok: true,
    });
  });

  it('when a POST has no body at all, then zero bytes are read (the JSON parse reports it)', async () => {
    const empty = new HttpRequest({
      method: 'POST',
      url: 'http://relay.test/api/v1/service-requests',
      headers: { 'content-type': 'application/json' },
    });
    const read = await readJsonBody(empty);
    expect(read.ok && read.bytes.byteLength).toBe(0);
  });

  it('when the body is exactly 64 KiB, then it is accepted; one byte more is 413', async () => {
    const exact = `"${'x'.repeat(KIB_64 - 2)}"`;
    expect((await readJsonBody(request({ 'content-type': 'application/json' }, exact))).ok).toBe(true);
    expect(await readJsonBody(request({ 'content-type': 'application/json' }, `${exact} `))).toMatchObject({ ok: false, status: 413 });
  });

  it('when Content-Length already declares more than 64 KiB, then 413 before the body is read', async () => {
    const read = await readJsonBody(request({ 'content-type': 'application/json', 'content-length': String(KIB_64 + 1) }));
    expect(read).toMatchObject({ ok: false, status: 413, detail: expect.stringContaining(String(KIB_64)) });
  });
});

describe('readJsonBody on a host that streams the body (npm start)', () => {
  /** The request as a streaming host hands it over: one chunk, then the stream fails with `failure`. */
  const failingStream = (failure: Error) =>
    ({
      headers: new Headers({ 'content-type': 'application/json' }),
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"a":'));
          controller.error(failure);
        },
      }),
    }) as unknown as HttpRequest;

  it('when the host stops the stream at the limit, then 413 with the limit in the detail', async () => {
    expect(await readJsonBody(failingStream(new BodyTooLargeError()))).toEqual({
      ok: false,
      status: 413,
      detail: `The body may be at most ${KIB_64} bytes; nothing was read beyond that.`,
    });
  });

  it('when the stream fails for another reason, then that failure is not mistaken for a large body', async () => {
    await expect(readJsonBody(failingStream(new Error('socket hang up')))).rejects.toThrow('socket hang up');
  });
});

describe('parseJson', () => {
  it('when the bytes are JSON, then the value and the text come back', () => {
    expect(parseJson(new TextEncoder().encode('{"é":1}'))).toEqual({ ok: true, value: { é: 1 }, text: '{"é":1}' });
  });

  it('when the bytes are not UTF-8 or not JSON, then the detail says which', () => {
    expect(parseJson(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, detail: 'The body is not valid UTF-8.' });
    expect(parseJson(new TextEncoder().encode('{"a":'))).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^The body is not valid JSON: ./),
    });
  });
});

describe('idempotencyKeyOf', () => {
  it.each([
    ['a plain key', { 'idempotency-key': 'psa-1001' }, 'psa-1001'],
    ['an RFC 8941 quoted string', { 'idempotency-key': '"psa-1001"' }, 'psa-1001'],
    ['spaces around it', { 'idempotency-key': '  psa-1001 ' }, 'psa-1001'],
    ['only webhook-id (a signed PSA)', { 'webhook-id': 'msg_1' }, 'msg_1'],
    ['both: Idempotency-Key wins', { 'idempotency-key': 'psa-1001', 'webhook-id': 'msg_1' }, 'psa-1001'],
    ['255 characters', { 'idempotency-key': 'k'.repeat(255) }, 'k'.repeat(255)],
    // Only quotes around the whole key delimit an RFC 8941 string; quotes inside a key are part of it.
    ['quotes that end it but do not open it', { 'idempotency-key': 'psa-"1001"' }, 'psa-"1001"'],
    ['quotes that open it but do not end it', { 'idempotency-key': '"psa"-1001' }, '"psa"-1001'],
  ])('when the request carries %s, then that is the key', (_label, headers, key) => {
    expect(idempotencyKeyOf(request(headers), false)).toBe(key);
  });

  it('when the request is signed, then its key is the webhook-id the signature covers, whatever Idempotency-Key says', () => {
    expect(idempotencyKeyOf(request({ 'idempotency-key': 'psa-1001', 'webhook-id': 'msg_1' }), true)).toBe('msg_1');
    expect(idempotencyKeyOf(request({ 'idempotency-key': 'psa-1001' }), true)).toBeNull();
  });

  it.each([
    ['no key at all', {}],
    ['an empty quoted string', { 'idempotency-key': '""' }],
    ['256 characters', { 'idempotency-key': 'k'.repeat(256) }],
  ])('when the request carries %s, then there is no key', (_label, headers) => {
    expect(idempotencyKeyOf(request(headers), false)).toBeNull();
  });

  it('when a signed request carries both, then its signed webhook-id is the key', () => {
    expect(idempotencyKeyOf(request({ 'idempotency-key': 'psa-1001', 'webhook-id': 'msg_1' }), true)).toBe('msg_1');
  });
});
