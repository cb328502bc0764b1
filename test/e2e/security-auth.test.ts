import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { hostIsBuilt, runCli, startLocalHost, type LocalHost } from './support/local-host.js';

/**
 * Issue 17, black box against `npm start`: what a stranger holding captured headers, a stale signature or a guessed
 * tool id can do with the signed-request scheme (README "Credentials and limits"). Every refusal has its positive control.
 */
const request = (externalRef: string) => ({
  customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  workload: 'office365',
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  externalRef,
});

describe.skipIf(!hostIsBuilt)('signed requests and credential answers (compiled local host)', () => {
  let host: LocalHost;
  const now = () => Math.floor(Date.now() / 1000);
  const signed = (
    path: string,
    init: { method: string; body?: string; id?: string; at?: number; secret?: string; toolId?: string; headers?: Record<string, string> },
  ) => {
    const creds = host.credentials();
    const id = init.id ?? `msg_${randomUUID()}`;
    const at = init.at ?? now();
    const signature = signWebhook({ id, timestamp: at, body: init.body ?? '', secrets: [init.secret ?? creds.signingSecret] });
    return fetch(`${host.url}${path}${path.includes('?') ? '&' : '?'}toolId=${init.toolId ?? creds.toolId}`, {
      method: init.method,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(at),
        'webhook-signature': signature,
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
  };
  const bearer = (path: string, apiKey = host.credentials().apiKey) =>
    fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });

  beforeAll(async () => {
    host = await startLocalHost();
  });
  afterAll(() => host.stop());

  it('when a GET carries valid signature headers and no API key, then 401; the same read with the API key is 200 (positive control)', async () => {
    const res = await signed('/api/v1/service-requests', { method: 'POST', body: JSON.stringify(request('sig-get')) });
    expect(res.status).toBe(202);
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    expect((await signed(statusUrl, { method: 'GET' })).status).toBe(401);
    expect((await signed('/api/v1/service-requests', { method: 'GET' })).status).toBe(401);
    expect((await bearer(statusUrl)).status).toBe(200);
  });

  it('when a captured signed POST is replayed with a fresh Idempotency-Key, then it gets the first ticket back, not a second one', async () => {
    const body = JSON.stringify(request('sig-replay'));
    const id = `msg_${randomUUID()}`;
    const at = now();
    const first = await signed('/api/v1/service-requests', { method: 'POST', body, id, at, headers: { 'idempotency-key': 'one' } });
    const replay = await signed('/api/v1/service-requests', { method: 'POST', body, id, at, headers: { 'idempotency-key': 'two' } });
    expect(first.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    const listed = (await (await bearer('/api/v1/service-requests?externalRef=sig-replay')).json()) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
  });

  it('when credentials fail in any way, then every answer is the same 401 body; the valid ones are accepted (positive control)', async () => {
    const body = JSON.stringify(request('sig-oracle'));
    const { resellerTool, apiKey } = host.credentials();
    const disabled = await runCli(host, [
      'tools',
      'add',
      '--partner',
      '33333333-3333-4333-8333-333333333333',
      '--name',
      'to disable',
      '--json',
    ]);
    const victim = JSON.parse(disabled.output) as { toolId: string; apiKey: string; signingSecret: string };
    expect((await runCli(host, ['tools', 'disable', victim.toolId])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 2_100)); // the relay's tool cache (2 s)
    const post = (headers: Record<string, string>) =>
      fetch(`${host.url}/api/v1/service-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
        body,
      });
    const failures = [
      await signed('/api/v1/service-requests', { method: 'POST', body, at: now() - 3600 }), // real tool, stale
      await signed('/api/v1/service-requests', { method: 'POST', body, at: now() + 3600 }), // real tool, future
      await signed('/api/v1/service-requests', { method: 'POST', body, toolId: 'tool_doesNotExist' }), // unknown tool
      await signed('/api/v1/service-requests', { method: 'POST', body, toolId: 'x' }), // not even a tool id
      await signed('/api/v1/service-requests', { method: 'POST', body, secret: victim.signingSecret }), // another tool's secret
      await signed('/api/v1/service-requests', { method: 'POST', body, toolId: victim.toolId, secret: victim.signingSecret }), // disabled tool
      await post({ authorization: `Bearer ${victim.apiKey}` }), // disabled tool's key
      await post({ authorization: 'Bearer rk_made-up' }),
      await post({ authorization: `Bearer ${apiKey}x` }),
      await post({ authorization: 'Basic abc' }),
      await post({}),
    ];
    const answers = await Promise.all(failures.map(async (r) => ({ status: r.status, body: await r.text() })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect((await signed('/api/v1/service-requests', { method: 'POST', body })).status).toBe(202);
    expect((await post({ authorization: `Bearer ${resellerTool.apiKey}` })).status).not.toBe(401);
  });
});
