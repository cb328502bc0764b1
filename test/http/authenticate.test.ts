import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { authenticateReader, authenticateReaderWithin, authenticateSubmitter, isAdmin } from '../../shared/http/authenticate.js';
import type { RateLimiter } from '../../shared/http/rate-limit.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import type { Tool } from '../../shared/ports/tool-registry.js';

/**
 * README "Credentials and limits": an API key for everything, a Standard Webhooks signature (by an enabled tool named with
 * ?toolId=, within 300 s of now) for submissions only, and one 401 for every credential failure. Signatures here are made
 * with the reference `standardwebhooks` package, not the relay's own signer.
 */
const NOW = new Date('2026-03-01T12:00:00.000Z');
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const API_KEY = 'rk_live_0123456789abcdef';
const TOOL_ID = 'tool-1';
const BODY = '{"externalRef":"PSA-1"}';

const aTool = (overrides: Partial<Tool> = {}): Tool => ({
  toolId: TOOL_ID,
  partnerTenantId: '11111111-1111-4111-8111-111111111111',
  name: 'PSA',
  callbackUrl: null,
  disabled: false,
  signingSecrets: [{ value: SECRET }],
  callbackSecrets: [],
  events: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** The ports authentication reads, with the tool lookups counted. */
function depsWith(tool: Tool | null) {
  const lookups: string[] = [];
  const deps = {
    clock: { now: () => NOW },
    tools: {
      get: async (toolId: string) => (lookups.push(`get ${toolId}`), tool?.toolId === toolId ? tool : null),
      findByApiKey: async (key: string) => (lookups.push('findByApiKey'), tool && key === API_KEY ? tool : null),
    },
  } as unknown as Deps;
  return { deps, lookups };
}

const request = (headers: Record<string, string>, { body = BODY, query = '' } = {}) =>
  new HttpRequest({
    method: 'POST',
    url: `http://relay.test/api/v1/service-requests${query}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: { string: body },
  });

/** Standard Webhooks headers for `body`, signed `ageSeconds` ago (negative: in the future). */
function signedHeaders(body = BODY, { secret = SECRET, ageSeconds = 0, id = 'msg_1' } = {}): Record<string, string> {
  const at = new Date(NOW.getTime() - ageSeconds * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

function expectTheOne401(result: { ok: boolean; response?: HttpResponseInit }) {
  expect(result.ok).toBe(false);
  const response = result.response!;
  expect(response.status).toBe(401);
  expect(response.headers).toMatchObject({
    'www-authenticate': 'Bearer realm="csp-support-relay"',
    'content-type': 'application/problem+json',
  });
  const detail = (response.jsonBody as { detail: string }).detail;
  // What to send instead: an API key, or a signature of this body by an enabled tool named with ?toolId=, within 300 s.
  for (const fact of ['Authorization: Bearer', '?toolId=', 'enabled tool', '300 s']) expect(detail).toContain(fact);
}

describe('authenticateReader (API key)', () => {
  it.each([
    ['Bearer <key>', `Bearer ${API_KEY}`],
    ['the scheme in lower case', `bearer ${API_KEY}`],
    ['several spaces after the scheme', `Bearer   ${API_KEY}`],
  ])('when the Authorization header is %s, then the tool is authenticated', async (_label, authorization) => {
    const tool = aTool();
    expect(await authenticateReader(depsWith(tool).deps, request({ authorization }))).toEqual({ ok: true, tool });
  });

  it.each([
    ['a word after the key', `Bearer ${API_KEY} extra`],
    ['text before the scheme', `xBearer ${API_KEY}`],
    ['another scheme', `Basic ${API_KEY}`],
    ['no scheme', API_KEY],
    ['a scheme and no key', 'Bearer '],
  ])('when the Authorization header has %s, then the one 401 and no key lookup', async (_label, authorization) => {
    const { deps, lookups } = depsWith(aTool());
    expectTheOne401(await authenticateReader(deps, request({ authorization })));
    expect(lookups).toEqual([]);
  });

  it('when the key is unknown, then the one 401', async () => {
    expectTheOne401(await authenticateReader(depsWith(aTool()).deps, request({ authorization: 'Bearer rk_live_unknown' })));
  });

  it('when the key belongs to a disabled tool, then the one 401', async () => {
    expectTheOne401(await authenticateReader(depsWith(aTool({ disabled: true })).deps, request({ authorization: `Bearer ${API_KEY}` })));
  });

  it('when only signature headers are sent to a read, then the one 401 (they are not a read credential)', async () => {
    expectTheOne401(await authenticateReader(depsWith(aTool()).deps, request(signedHeaders(), { query: `?toolId=${TOOL_ID}` })));
  });
});

describe('authenticateReaderWithin (read budget)', () => {
  const limiter = (wait: number | null) => {
    const taken: string[] = [];
    return { taken, take: (key: string) => (taken.push(key), wait) } as unknown as RateLimiter & { taken: string[] };
  };

  it('when the tool is within its read budget, then it is authenticated and one read is counted for it', async () => {
    const within = limiter(null);
    expect(await authenticateReaderWithin(depsWith(aTool()).deps, within, request({ authorization: `Bearer ${API_KEY}` }))).toMatchObject({
      ok: true,
    });
    expect(within.taken).toEqual([TOOL_ID]);
  });

  it('when the tool is over its read budget, then 429 with Retry-After and the setting that limits it', async () => {
    const result = await authenticateReaderWithin(depsWith(aTool()).deps, limiter(7), request({ authorization: `Bearer ${API_KEY}` }));
    expect(result.ok).toBe(false);
    const response = (result as { response: HttpResponseInit }).response;
    expect(response.status).toBe(429);
    expect(response.headers).toMatchObject({ 'retry-after': '7' });
    expect((response.jsonBody as { detail: string }).detail).toContain('RATE_LIMIT_READS_PER_MINUTE');
  });

  it('when the key is refused, then the one 401 and nothing is counted against any budget', async () => {
    const within = limiter(null);
    expectTheOne401(await authenticateReaderWithin(depsWith(aTool()).deps, within, request({ authorization: 'Bearer rk_live_unknown' })));
    expect(within.taken).toEqual([]);
  });
});

describe('authenticateSubmitter', () => {
  const toolQuery = { query: `?toolId=${TOOL_ID}` };

  it('when the body is signed by the named tool, then it is accepted as signed, with the exact bytes', async () => {
    const result = await authenticateSubmitter(depsWith(aTool()).deps, request(signedHeaders(), toolQuery));
    expect(result).toMatchObject({ ok: true, signed: true, tool: { toolId: TOOL_ID } });
    expect(result.ok && result.body.ok && new TextDecoder().decode(result.body.bytes)).toBe(BODY);
  });

  it('when the tool is named by the X-Relay-Tool-Id header instead, then it is accepted', async () => {
    expect(await authenticateSubmitter(depsWith(aTool()).deps, request({ ...signedHeaders(), 'x-relay-tool-id': TOOL_ID }))).toMatchObject({
      ok: true,
      signed: true,
    });
  });

  it('when an API key is sent, then it is a key submission (not signed) with the body read', async () => {
    const result = await authenticateSubmitter(depsWith(aTool()).deps, request({ authorization: `Bearer ${API_KEY}` }));
    expect(result).toMatchObject({ ok: true, signed: false, body: { ok: true } });
  });

  it('when an API key is refused, then the one 401 whatever signature headers come with it', async () => {
    expectTheOne401(
      await authenticateSubmitter(
        depsWith(aTool()).deps,
        request({ authorization: 'Bearer rk_live_unknown', ...signedHeaders() }, toolQuery),
      ),
    );
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
    'when %s is missing, then the one 401 and no tool is looked up',
    async (header) => {
      const { deps, lookups } = depsWith(aTool());
      const headers = signedHeaders();
      delete headers[header];
      expectTheOne401(await authenticateSubmitter(deps, request(headers, toolQuery)));
      expect(lookups).toEqual([]);
    },
  );

  it('when no tool is named, then the one 401 and no tool is looked up', async () => {
    const { deps, lookups } = depsWith(aTool());
    expectTheOne401(await authenticateSubmitter(deps, request(signedHeaders())));
    expect(lookups).toEqual([]);
  });

  it.each([
    ['301 s old', 301],
    ['301 s in the future', -301],
  ])('when the signature is %s, then the one 401 and no tool is looked up', async (_label, ageSeconds) => {
    const { deps, lookups } = depsWith(aTool());
    expectTheOne401(await authenticateSubmitter(deps, request(signedHeaders(BODY, { ageSeconds }), toolQuery)));
    expect(lookups).toEqual([]);
  });

  it.each([
    ['299 s old', 299],
    ['299 s in the future', -299],
  ])('when the signature is %s, then it is accepted', async (_label, ageSeconds) => {
    expect(await authenticateSubmitter(depsWith(aTool()).deps, request(signedHeaders(BODY, { ageSeconds }), toolQuery))).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['the named tool is disabled', aTool({ disabled: true }), SECRET],
    ['the named tool does not exist', null, SECRET],
    ['the body was signed with another secret', aTool(), OTHER_SECRET],
    [
      'the only secret was rotated out a second ago',
      aTool({ signingSecrets: [{ value: SECRET, notAfter: new Date(NOW.getTime() - 1000).toISOString() }] }),
      SECRET,
    ],
  ])('when %s, then the one 401', async (_label, tool, secret) => {
    expectTheOne401(await authenticateSubmitter(depsWith(tool).deps, request(signedHeaders(BODY, { secret }), toolQuery)));
  });

  it('when the rotated-out secret is still within its overlap, then it is accepted', async () => {
    const tool = aTool({
      signingSecrets: [{ value: OTHER_SECRET }, { value: SECRET, notAfter: new Date(NOW.getTime() + 60_000).toISOString() }],
    });
    expect(await authenticateSubmitter(depsWith(tool).deps, request(signedHeaders(), toolQuery))).toMatchObject({ ok: true });
  });

  it('when the signed body was changed after signing, then the one 401', async () => {
    expectTheOne401(
      await authenticateSubmitter(depsWith(aTool()).deps, request(signedHeaders(), { ...toolQuery, body: '{"externalRef":"PSA-2"}' })),
    );
  });

  it('when a signed body is over 64 KiB, then 413 before any tool is looked up (so 413 says nothing about tool ids)', async () => {
    const big = JSON.stringify({ description: 'x'.repeat(70 * 1024) });
    const { deps, lookups } = depsWith(null);
    const result = await authenticateSubmitter(deps, request(signedHeaders(big), { body: big, query: '?toolId=tool-unknown' }));
    expect(result).toMatchObject({ ok: false, response: { status: 413 } });
    expect(lookups).toEqual([]);
  });
});

describe('isAdmin (RELAY_ADMIN_KEY)', () => {
  const ADMIN_KEY = 'admin-0123456789';
  const admin = (authorization?: string) =>
    new HttpRequest({ method: 'GET', url: 'http://relay.test/api/admin', headers: authorization === undefined ? {} : { authorization } });

  it.each([
    ['the admin key', `Bearer ${ADMIN_KEY}`, true],
    ['another key of the same length', `Bearer ${ADMIN_KEY.replace(/9$/, '8')}`, false],
    ['the admin key with a character missing', `Bearer ${ADMIN_KEY.slice(0, -1)}`, false],
    ['the admin key with a character more', `Bearer ${ADMIN_KEY}0`, false],
    ['the admin key without the Bearer scheme', ADMIN_KEY, false],
    ['no Authorization header', undefined, false],
  ])('when the request carries %s, then admin is %s', (_label, authorization, expected) => {
    expect(isAdmin(admin(authorization), ADMIN_KEY)).toBe(expected);
  });
});
