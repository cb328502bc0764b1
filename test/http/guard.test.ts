import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { guarded } from '../../shared/http/guard.js';
import { StorageUnavailableError } from '../../shared/ports/ticket-store.js';

/**
 * A caller told 503 + Retry-After retries with the same Idempotency-Key; a caller told 500 should not expect a retry to
 * help. So which failures count as "a dependency is down" is a promise, not a detail.
 */
const context = () => new InvocationContext({ invocationId: 'inv-42', functionName: 'intake', logHandler: () => undefined });
const failingWith = (error: unknown) =>
  guarded(context(), async () => {
    throw error;
  });

describe('guarded', () => {
  it.each<[string, unknown]>([
    ['the ticket store reports storage unavailable', new StorageUnavailableError(new Error('socket hang up'))],
    ['a service answers 500', Object.assign(new Error('boom'), { statusCode: 500 })],
    ['a service answers 503', Object.assign(new Error('busy'), { statusCode: 503 })],
    ['a request times out (408)', Object.assign(new Error('timeout'), { statusCode: 408 })],
    ['storage throttles (429)', Object.assign(new Error('slow down'), { statusCode: 429 })],
    ['the SDK fails without an answer', Object.assign(new Error('no answer'), { name: 'RestError' })],
    ...['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].map((code): [string, unknown] => [
      `the network fails with ${code}`,
      Object.assign(new Error(code), { code }),
    ]),
  ])('when %s, then 503 with Retry-After: 5 and problem details', async (_label, error) => {
    const res = await failingWith(error);
    expect(res).toMatchObject({ status: 503, headers: { 'retry-after': '5', 'content-type': 'application/problem+json' } });
    expect((res.jsonBody as { detail: string }).detail).toMatch(/Retry with the same Idempotency-Key/);
  });

  it.each([
    ['a bug throws', new TypeError('cannot read x of undefined')],
    ['a service answers 404', Object.assign(new Error('not found'), { statusCode: 404 })],
    ['a service answers 412', Object.assign(new Error('precondition'), { statusCode: 412 })],
  ])('when %s, then 500 naming the invocation, without the error text', async (_label, error) => {
    const res = await failingWith(error);
    expect(res.status).toBe(500);
    expect(res.headers).not.toHaveProperty('retry-after');
    expect((res.jsonBody as { detail: string }).detail).toBe('Unexpected error; reference inv-42.');
  });

  // Storage judging a value the caller chose (an overlong key, a foreign continuation token) is the caller's to fix.
  it.each([400, 404, 409, 413, 499])(
    'when Table Storage refuses the request with %i, then 400 saying nothing was written',
    async (statusCode) => {
      const res = await failingWith(Object.assign(new Error('refused'), { name: 'RestError', statusCode }));
      expect(res).toMatchObject({ status: 400, headers: { 'content-type': 'application/problem+json' } });
      expect(res.headers).not.toHaveProperty('retry-after');
      expect((res.jsonBody as { detail: string }).detail).toMatch(
        /^Storage refused a value from this request .*cursor.*nothing was written\.$/,
      );
    },
  );

  it.each([408, 429, 500, 503])(
    "when Table Storage answers %i, then it is unavailable (503), not the caller's mistake",
    async (statusCode) => {
      expect(await failingWith(Object.assign(new Error('transient'), { name: 'RestError', statusCode }))).toMatchObject({ status: 503 });
    },
  );

  it("when Table Storage answers 304 (not a refusal of the caller's input), then 500", async () => {
    expect(await failingWith(Object.assign(new Error('not modified'), { name: 'RestError', statusCode: 304 }))).toMatchObject({
      status: 500,
    });
  });

  it.each([
    ['a bug throws', new TypeError('cannot read x of undefined'), ['unexpected failure', 'cannot read x of undefined']],
    [
      'storage is unavailable',
      Object.assign(new Error('busy'), { name: 'RestError', statusCode: 503 }),
      ['dependency unavailable', 'RestError'],
    ],
    [
      'storage refuses a value',
      Object.assign(new Error('too long'), { name: 'RestError', statusCode: 400 }),
      ['storage refused the request', '400'],
    ],
  ])('when %s, then the log line names the invocation, the function and what happened, for the operator', async (_label, error, facts) => {
    const lines: unknown[][] = [];
    const ctx = new InvocationContext({
      invocationId: 'inv-43',
      functionName: 'intake',
      logHandler: (...args: unknown[]) => void lines.push(args),
    });
    await guarded(ctx, async () => Promise.reject(error));
    const logged = lines.flat().map(String).join(' ');
    for (const fact of ['inv-43', 'intake', ...facts]) expect(logged).toContain(fact);
  });

  it('when the handler answers, then its answer passes through', async () => {
    expect(await guarded(context(), async () => ({ status: 202 }))).toEqual({ status: 202 });
  });
});
