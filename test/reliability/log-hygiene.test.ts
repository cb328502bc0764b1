import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { createLogger, formatLine, sanitize } from '../../shared/log.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/**
 * Issue 7 log hygiene: structured one-line logs, caller text cannot forge a log entry, and no credential or customer
 * contact detail is ever written — checked over every line of a full run, then on shared/log.ts itself.
 */
const customer = { name: 'Pat Customer', email: 'pat.customer@fabrikam-mail.example', phone: '+1 425 555 0175' };
const forgedEntry = '{"level":"error","msg":"forged entry"}';
const issue = {
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  title: 'Mailbox full\r\nSECOND LINE',
  description: `Quota reached.\n${forgedEntry}\u2028and more`,
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  customerContact: customer,
  contact: { name: 'Dana', email: 'dana@contoso-cloud.example', phone: '+1 206 555 0100', preferredContactMethod: 'email' },
  externalRef: `PSA-7\n${forgedEntry}`,
};

describe('log hygiene over a full run', () => {
  const lines: string[] = [];
  const secrets: string[] = [];
  let relay: TestRelay;
  let receiver: Server;

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
    // One tool's callback succeeds, the other's fails: both delivery paths write their lines.
    receiver = createServer((req, res) => void req.resume().on('end', () => res.writeHead(req.url === '/ok' ? 204 : 500).end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    relay = await startTestRelay({ log: (line) => lines.push(line) });
    await relay.importDirectory(demoDirectory());
    const happy = await relay.addTool(DEMO.direct, `${base}/ok`);
    const failing = await relay.addTool(DEMO.direct, `${base}/fail`);
    secrets.push(relay.adminKey);
    for (const t of [happy, failing]) secrets.push(t.apiKey, t.signingSecret, t.callbackSecret);

    for (const t of [happy, failing]) expect((await relay.submit(t.apiKey, issue)).status).toBe(202);
    const body = JSON.stringify({ ...issue, externalRef: 'signed' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook({ id: 'msg_log_1', timestamp, body, secrets: [happy.signingSecret] });
    secrets.push(signature);
    const signed = await fetch(`${relay.url}/api/v1/service-requests?toolId=${happy.tool.toolId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_log_1',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      body,
    });
    expect(signed.status).toBe(202);
    expect((await relay.submit(`rk_${randomBytes(32).toString('base64url')}`, issue)).status).toBe(401);
    expect((await relay.submit(happy.apiKey, { ...issue, unknown: customer.email })).status).toBe(400);
    expect((await relay.submit(happy.apiKey, `{"customerContact": {"email": "${customer.email}"`)).status).toBe(400);
    const admin = await fetch(`${relay.url}/api/v1/service-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(admin.status).toBe(400);
    await relay.drain();
    const list = await relay.get(happy.apiKey, '/api/v1/service-requests');
    expect(((await list.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await relay.stop();
    await new Promise((resolve) => receiver.close(resolve));
    vi.restoreAllMocks();
  });

  it('when the run is over, then every stage wrote structured lines', () => {
    const structured = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; msg: string });
    // Recording runs inside the routing step here (nothing is filed with Azure), so it has no function run of its own.
    expect(structured.map((e) => e.msg)).toEqual(
      expect.arrayContaining(['eligibility advanced', 'routing advanced', 'notifications advanced']),
    );
  });

  it('when every line is searched, then no key, secret, signature, Authorization value or customer contact appears', () => {
    const forms = secrets.flatMap((s) => [s, s.replace(/^whsec_/, ''), `Bearer ${s}`]);
    const banned = [...forms, customer.email, customer.phone, customer.name, 'Mailbox full', 'Quota reached'];
    const leaks = lines.flatMap((line) => banned.filter((b) => line.includes(b)).map((b) => `${b.slice(0, 10)}… in ${line.slice(0, 100)}`));
    expect(leaks).toEqual([]);
  });

  it('when caller text carries line breaks and a fake entry, then no logged line breaks or starts a forged entry', () => {
    expect(lines.filter((l) => /[\r\n\u2028\u2029]/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes('forged entry'))).toEqual([]);
  });
});

describe('shared/log.ts', () => {
  it('when a value holds CR, LF or Unicode line separators, then the line stays one line and parses back', () => {
    const line = formatLine('info', 'note\r\nmsg', { ref: `a\n${forgedEntry}\u2028b\u2029c` });
    expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(JSON.parse(line)).toEqual({ level: 'info', msg: 'note msg', ref: `a ${forgedEntry} b c` });
  });

  it.each([
    ['an API key', `rk_${randomBytes(32).toString('base64url')}`],
    ['a signing secret', `whsec_${randomBytes(32).toString('base64')}`],
    ['an Authorization header', `Bearer ${randomBytes(24).toString('base64url')}`],
    ['a storage account key', `AccountKey=${randomBytes(64).toString('base64')}`],
    ['a Service Bus key', `SharedAccessKey=${randomBytes(32).toString('base64')}`],
  ])('when a field or message carries %s, then it is redacted', (_what, secret) => {
    const line = formatLine('warn', `failed with ${secret} inside`, { detail: `x ${secret} y` });
    expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      msg: expect.stringMatching(/^failed with \[redacted\]/),
      detail: expect.stringMatching(/^x \[redacted\]/),
    });
  });

  it('when a value is huge, then it is cut to 2,000 characters', () => {
    expect(sanitize('x'.repeat(10_000))).toHaveLength(2000);
  });

  it('when a logger has base fields, then every line carries them, numbers stay numbers and undefined is left out', () => {
    const sink: string[] = [];
    createLogger((l) => sink.push(l), { invocationId: 'inv-1' }).error('boom', { attempt: 2, skipped: undefined, ok: false });
    expect(sink.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'error', msg: 'boom', invocationId: 'inv-1', attempt: 2, ok: false },
    ]);
  });
});
