import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, HttpWebhookSender } from '../../../shared/adapters/webhooks/http-sender.js';
import type { ResolveHost } from '../../../shared/adapters/webhooks/ssrf-guard.js';

interface Seen {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const NOW = new Date('2026-03-01T12:00:00Z');
const clock = { now: () => NOW };
const SIGNATURE = 'v1,c2VjcmV0LXNpZ25hdHVyZS12YWx1ZS1kby1ub3QtbG9n';

let server: Server;
let base: string;
let port: number;
const seen: Seen[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, path: req.url, headers: req.headers, body });
      switch (req.url?.replace(/\?code=\d+$/, '')) {
        case '/ok':
          return void res.writeHead(204).end();
        case '/fail':
          return void res.writeHead(500).end('boom');
        case '/redirect':
          return void res.writeHead(302, { location: '/moved' }).end();
        case '/fail-retry-after':
          return void res.writeHead(500, { 'retry-after': '120' }).end();
        case '/throttled-bare':
          return void res.writeHead(429).end();
        case '/throttled':
          return void res.writeHead(429, { 'retry-after': '120' }).end();
        case '/unavailable':
          return void res.writeHead(503, { 'retry-after': new Date(NOW.getTime() + 90_000).toUTCString() }).end();
        case '/hang':
          return; // never answers
        case '/status':
          return void res.writeHead(Number(new URL(req.url, 'http://x').searchParams.get('code'))).end();
        default:
          return void res.writeHead(404).end();
      }
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  connections = 0;
});

const local = (overrides: Partial<ConstructorParameters<typeof HttpWebhookSender>[0]> = {}) =>
  new HttpWebhookSender({ allowLocal: true, clock, ...overrides });
const post = (url: string) => ({
  url,
  headers: { 'webhook-id': 'evt_1', 'webhook-signature': SIGNATURE },
  body: '{"type":"ticket.recorded"}',
});

describe('HttpWebhookSender', () => {
  it('when the callback answers 2xx, then the attempt is ok and the signed JSON was POSTed as given', async () => {
    const result = await local().send(post(`${base}/ok`));
    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/ok',
        body: '{"type":"ticket.recorded"}',
        headers: expect.objectContaining({ 'content-type': 'application/json', 'webhook-id': 'evt_1', 'webhook-signature': SIGNATURE }),
      }),
    ]);
  });

  it('when the callback answers, then the attempt reports how long it took, within the time the call took', async () => {
    const before = performance.now();
    const result = await local().send(post(`${base}/ok`));
    const took = performance.now() - before;
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeLessThanOrEqual(Math.ceil(took));
  });

  it('when the relay POSTs, then it names itself in User-Agent (receivers and their firewalls see who calls)', async () => {
    await local().send(post(`${base}/ok`));
    expect(seen[0]?.headers['user-agent']).toMatch(/^csp-support-relay/);
  });

  it.each([300, 301, 307, 308, 399])('when the callback answers %i, then it is a redirect that is not followed', async (code) => {
    expect(await local().send(post(`${base}/status?code=${code}`))).toEqual({
      ok: false,
      statusCode: code,
      latencyMs: expect.any(Number),
      error: `redirect ${code} not followed; the callback URL must be updated`,
    });
    expect(seen).toHaveLength(1);
  });

  it.each([400, 404, 410])('when the callback answers %i, then the attempt failed with that status and is no redirect', async (code) => {
    expect(await local().send(post(`${base}/status?code=${code}`))).toEqual({
      ok: false,
      statusCode: code,
      latencyMs: expect.any(Number),
      error: `callback answered HTTP ${code}`,
    });
  });

  it('when a 500 carries Retry-After, then no wait is reported: only 429 and 503 ask the sender to wait', async () => {
    const result = await local().send(post(`${base}/fail-retry-after`));
    expect(result).toMatchObject({ ok: false, statusCode: 500 });
    expect(result).not.toHaveProperty('retryAfterSeconds');
  });

  it('when a 429 carries no Retry-After, then no wait is reported and the schedule decides', async () => {
    const result = await local().send(post(`${base}/throttled-bare`));
    expect(result).toMatchObject({ ok: false, statusCode: 429, error: 'callback answered HTTP 429' });
    expect(result).not.toHaveProperty('retryAfterSeconds');
  });

  it('when resolving the host never finishes, then the attempt still ends at the timeout without a status', async () => {
    const resolve: ResolveHost = () => new Promise(() => undefined);
    const result = await local({ timeoutMs: 200, resolve }).send(post('https://partner.test/hook'));
    expect(result).toEqual({ ok: false, statusCode: null, latencyMs: expect.any(Number), error: 'no answer within 200 ms' });
    expect(connections).toBe(0);
  });

  it('when the callback answers 500, then the attempt failed with that status', async () => {
    expect(await local().send(post(`${base}/fail`))).toMatchObject({ ok: false, statusCode: 500, error: 'callback answered HTTP 500' });
  });

  it('when the callback answers 302, then it is a failure and the Location is never requested', async () => {
    const result = await local().send(post(`${base}/redirect`));
    expect(result).toMatchObject({ ok: false, statusCode: 302, error: expect.stringContaining('not followed') });
    expect(seen.map((request) => request.path)).toEqual(['/redirect']);
  });

  it('when the callback answers 429 with Retry-After in seconds, then the seconds are reported', async () => {
    expect(await local().send(post(`${base}/throttled`))).toMatchObject({ ok: false, statusCode: 429, retryAfterSeconds: 120 });
  });

  it('when the callback answers 503 with Retry-After as an HTTP date, then the seconds until then are reported', async () => {
    expect(await local().send(post(`${base}/unavailable`))).toMatchObject({ ok: false, statusCode: 503, retryAfterSeconds: 90 });
  });

  it('when the callback never answers, then the attempt times out as a failure without a status', async () => {
    const result = await local({ timeoutMs: 200 }).send(post(`${base}/hang`));
    expect(result).toEqual({ ok: false, statusCode: null, latencyMs: expect.any(Number), error: 'no answer within 200 ms' });
  });

  it('when no timeout is configured, then an attempt may take 15 s', () => {
    expect(DEFAULT_WEBHOOK_TIMEOUT_MS).toBe(15_000);
    expect(new HttpWebhookSender({ allowLocal: false }).timeoutMs).toBe(15_000);
  });

  it('when nothing listens on the port, then the attempt fails with the connection error code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await local().send(post(`http://127.0.0.1:${freePort}/ok`))).toMatchObject({
      ok: false,
      statusCode: null,
      error: 'connection failed (ECONNREFUSED)',
    });
  });

  it('when a name resolves to loopback and a private address, then it is refused before any connection', async () => {
    const resolve: ResolveHost = async () => ['127.0.0.1', '10.0.0.7'];
    const result = await local({ resolve }).send(post(`http://partner.test:${port}/ok`));
    expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('(not-public)') });
    expect(connections).toBe(0);
  });

  it('when the URL is a private IP literal, then it is refused before any connection', async () => {
    expect(await local().send(post('https://10.0.0.5/hook'))).toMatchObject({
      ok: false,
      statusCode: null,
      error: expect.stringContaining('(not-public)'),
    });
  });

  it('when a name resolves to a private address, then the refusal a partner reads names neither the address nor its range', async () => {
    const result = await local({ resolve: async () => ['10.0.0.5'] }).send(post('https://partner.test/hook'));
    expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('does not resolve to a public address') });
    // The partner reads this error on its delivery: no address, no range (a probe of the relay's network).
    expect(result.error).not.toMatch(/10\.0\.0\.5|private/);
  });

  it('when local callbacks are not allowed, then loopback is refused before any connection', async () => {
    const result = await new HttpWebhookSender({ allowLocal: false }).send(post(`${base}/ok`));
    expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('scheme-not-allowed') });
    expect(connections).toBe(0);
  });

  it('when the host name was checked, then the connection goes to the checked address without asking DNS again', async () => {
    // partner.test exists only in the fake resolver, so reaching the server proves the socket used the checked answer.
    const asked: string[] = [];
    const resolve: ResolveHost = async (host) => (asked.push(host), ['127.0.0.1']);
    expect(await local({ resolve }).send(post(`http://partner.test:${port}/ok`))).toMatchObject({ ok: true, statusCode: 204 });
    expect(asked).toEqual(['partner.test']);
    expect(seen[0]?.headers.host).toBe(`partner.test:${port}`);
  });

  it('when an https callback presents an untrusted certificate, then the pinned connection still verifies TLS and fails', async () => {
    // Test-only key and certificate for partner.test, made with openssl; trusted by nothing.
    const fixture = (name: string) => readFileSync(new URL(`./fixtures/self-signed-partner-test.${name}`, import.meta.url));
    const tls = createTlsServer({ key: fixture('key'), cert: fixture('crt') }, (_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const { port: tlsPort } = tls.address() as AddressInfo;
      const result = await local({ resolve: async () => ['127.0.0.1'] }).send(post(`https://partner.test:${tlsPort}/ok`));
      expect(result).toMatchObject({ ok: false, statusCode: null, error: 'connection failed (DEPTH_ZERO_SELF_SIGNED_CERT)' });
    } finally {
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('when DNS changes between attempts (rebinding), then the next attempt is checked again and refused', async () => {
    const answers = [['127.0.0.1'], ['192.168.1.50']];
    const resolve: ResolveHost = async () => answers.shift() ?? [];
    const sender = local({ resolve });
    expect(await sender.send(post(`http://partner.test:${port}/ok`))).toMatchObject({ ok: true });
    expect(await sender.send(post(`http://partner.test:${port}/ok`))).toMatchObject({ ok: false, statusCode: null });
    expect(seen).toHaveLength(1);
  });

  it('when attempts fail in any way, then the error never carries header values, the body or the query', async () => {
    const withSecrets = (url: string) => ({ ...post(url), body: '{"secret":"payload-secret"}' });
    const results = await Promise.all([
      local().send(withSecrets(`${base}/fail?token=query-secret`)),
      local({ timeoutMs: 200 }).send(withSecrets(`${base}/hang?token=query-secret`)),
      local().send(withSecrets('https://10.0.0.5/hook?token=query-secret')),
      local().send(withSecrets('https://user:url-secret@example.com/hook')),
    ]);
    expect(results.every((result) => !result.ok && typeof result.error === 'string')).toBe(true);
    expect(JSON.stringify(results)).not.toMatch(/c2VjcmV0|payload-secret|query-secret|url-secret|evt_1/);
  });
});
