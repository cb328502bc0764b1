import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { signWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { TABLES } from '../../shared/tables.js';
import { mailIssue } from '../reliability/support.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** Issue 3, acceptance 4: every kind of bad input gets its docs/openapi.json answer, as problem details, and writes nothing. */
const { externalRef: _none, ...request } = mailIssue('');

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

describe('bad input at intake, over HTTP', () => {
  let relay: TestRelay;
  let tool: NewToolCredentials;
  let tickets: TableClient;

  beforeAll(async () => {
    relay = await startTestRelay();
    await relay.importDirectory(demoDirectory());
    tool = await relay.addTool(DEMO.direct);
    tickets = TableClient.fromConnectionString(
      inject('tablesConnection'),
      `${relay.host.runtime.config.RELAY_TABLE_PREFIX}${TABLES.tickets}`,
      {
        allowInsecureConnection: true,
      },
    );
  });
  afterAll(() => relay.stop());

  const post = (headers: Record<string, string>, body: string | Uint8Array, query = '') =>
    fetch(`${relay.url}/api/v1/service-requests${query}`, { method: 'POST', headers, body });
  const withKey = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${tool.apiKey}`,
    'content-type': 'application/json',
    'idempotency-key': randomBytes(8).toString('hex'),
    ...extra,
  });
  const signed = (body: string, secret: string, ageSeconds = 0) => {
    const id = `msg_${randomBytes(8).toString('hex')}`;
    const timestamp = Math.floor(Date.now() / 1000) - ageSeconds;
    return {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook({ id, timestamp, body, secrets: [secret] }),
    };
  };

  async function rowCount(): Promise<number> {
    let n = 0;
    for await (const _ of tickets.listEntities()) n++;
    return n;
  }

  /** Sends one bad request and checks the answer is the expected problem and that no row of any kind appeared. */
  async function expectRefused(send: () => Promise<Response>, status: number): Promise<Problem> {
    const before = await rowCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as Problem;
    expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect(await rowCount()).toBe(before);
    const list = (await (await relay.get(tool.apiKey, '/api/v1/service-requests')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
    return body;
  }

  it('when the body is not valid JSON, then 400 and nothing is written', async () => {
    const body = await expectRefused(() => post(withKey(), '{"customerTenantId": '), 400);
    expect(body.detail).toMatch(/not valid JSON/);
  });

  it('when the body is not valid UTF-8, then 400 and nothing is written', async () => {
    await expectRefused(() => post(withKey(), new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 400);
  });

  it('when fields break the schema, then 400 lists each field path in errors', async () => {
    const bad = { ...request, customerTenantId: 'not-a-guid', workload: 'mainframe', agent: {} };
    const body = await expectRefused(() => post(withKey(), JSON.stringify(bad)), 400);
    const paths = body.errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['customerTenantId', 'workload', 'agent']));
  });

  it('when an Azure request has no subscriptionId, then 400 names subscriptionId', async () => {
    const body = await expectRefused(() => post(withKey(), JSON.stringify({ ...request, workload: 'azure' })), 400);
    expect(body.errors?.map((e) => e.path)).toContain('subscriptionId');
  });

  it('when the body has an unknown field, then 400 names it', async () => {
    const body = await expectRefused(() => post(withKey(), JSON.stringify({ ...request, priority: 'urgent' })), 400);
    expect(body.errors?.some((e) => e.message.includes('priority'))).toBe(true);
  });

  it('when no credentials are sent, then 401', async () => {
    const { authorization: _omitted, ...headers } = withKey();
    await expectRefused(() => post(headers, JSON.stringify(request)), 401);
  });

  it('when the API key is unknown, then 401', async () => {
    await expectRefused(
      () => post(withKey({ authorization: `Bearer rk_${randomBytes(32).toString('base64url')}` }), JSON.stringify(request)),
      401,
    );
  });

  it('when the signature was made with another secret, then 401', async () => {
    const body = JSON.stringify(request);
    const forged = signed(body, `whsec_${randomBytes(32).toString('base64')}`);
    await expectRefused(() => post(forged, body, `?toolId=${tool.tool.toolId}`), 401);
  });

  it('when a signed body was changed after signing, then 401', async () => {
    const body = JSON.stringify(request);
    const headers = signed(body, tool.signingSecret);
    await expectRefused(() => post(headers, JSON.stringify({ ...request, title: 'Changed' }), `?toolId=${tool.tool.toolId}`), 401);
  });

  // The positive control is the last test: the same kind of signed request from an enabled tool is accepted.
  it('when the signing tool is disabled, then its valid signature gets 401', async () => {
    const disabled = await relay.addTool(DEMO.reseller);
    await relay.deps.tools.disable(disabled.tool.toolId);
    const body = JSON.stringify(request);
    await expectRefused(() => post(signed(body, disabled.signingSecret), body, `?toolId=${disabled.tool.toolId}`), 401);
  });

  it('when the signature timestamp is ten minutes old, then 401 and the detail says why', async () => {
    const body = JSON.stringify(request);
    const problem = await expectRefused(() => post(signed(body, tool.signingSecret, 600), body, `?toolId=${tool.tool.toolId}`), 401);
    expect(problem.detail).toMatch(/timestamp/);
  });

  // A clock far ahead would otherwise let a captured request be replayed until that time comes (±300 s both ways).
  it('when the signature timestamp is ten minutes in the future, then 401 and the detail says why', async () => {
    const body = JSON.stringify(request);
    const problem = await expectRefused(() => post(signed(body, tool.signingSecret, -600), body, `?toolId=${tool.tool.toolId}`), 401);
    expect(problem.detail).toMatch(/timestamp/);
  });

  it('when the body is over 64 KiB, then 413', async () => {
    const big = JSON.stringify({ ...request, description: 'x'.repeat(70 * 1024) });
    await expectRefused(() => post(withKey(), big), 413);
  });

  it('when the body is not JSON, then 415', async () => {
    await expectRefused(() => post(withKey({ 'content-type': 'text/plain' }), JSON.stringify(request)), 415);
  });

  it('when the Idempotency-Key header is missing, then 400', async () => {
    const { 'idempotency-key': _omitted, ...headers } = withKey();
    const body = await expectRefused(() => post(headers, JSON.stringify(request)), 400);
    expect(body.detail).toMatch(/Idempotency-Key/);
  });

  it('when the Idempotency-Key is longer than 255 characters, then 400', async () => {
    await expectRefused(() => post(withKey({ 'idempotency-key': 'k'.repeat(256) }), JSON.stringify(request)), 400);
  });

  // Last: the one request that is meant to write.
  it('when the tool signs with its own secret, then 202 and the ticket is listed', async () => {
    const body = JSON.stringify({ ...request, externalRef: 'PSA-signed' });
    const res = await post(signed(body, tool.signingSecret), body, `?toolId=${tool.tool.toolId}`);
    expect(res.status).toBe(202);
    const list = (await (await relay.get(tool.apiKey, '/api/v1/service-requests?externalRef=PSA-signed')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
  });
});
