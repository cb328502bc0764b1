import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { signWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { loadConfig } from '../../shared/config.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { createDemoReceiver } from '../../shared/local-host/demo-receiver.js';
import { importFunctionFiles } from '../../shared/local-host/load-functions.js';
import { projectRoot } from '../../shared/local-host/local-settings.js';
import { startLocalHost, type LocalHost } from '../../shared/local-host/start.js';
import { liveSecrets } from '../../shared/ports/tool-registry.js';
import { mailIssue } from './support/notify-relay.js';

/**
 * A full run with a callback — submissions by API key and by signature, rejected credentials, a callback delivered
 * to the demo receiver, a failing callback, rotations, status reads — with every log line captured: the local host's
 * `log` (HTTP, queue and timer functions' context logs), the demo receiver's log and the console.
 */
describe('secrets in logs', () => {
  const lines: string[] = [];
  const secrets: string[] = [];
  let host: LocalHost;
  const adminKey = `adm_${randomBytes(16).toString('hex')}`;
  const encryptionKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
    let callbackSecrets: string[] = [];
    const receiver = createDemoReceiver(
      () => callbackSecrets,
      (line) => lines.push(line),
    );
    host = await startLocalHost({
      config: loadConfig({
        TABLES_CONNECTION: inject('tablesConnection'),
        RELAY_TABLE_PREFIX: `s${randomBytes(5).toString('hex')}`,
        RELAY_EMBEDDED_BROKER: 'true',
        RELAY_ALLOW_LOCAL_CALLBACKS: 'true',
        RELAY_ADMIN_KEY: adminKey,
        RELAY_ENCRYPTION_KEY: encryptionKey,
      }),
      port: 0,
      timers: false,
      log: (line) => lines.push(line),
      extraRoute: receiver.handle,
      loadFunctions: async () => void (await importFunctionFiles(join(projectRoot(), 'functions'), '.ts')),
    });
    const { deps } = host.runtime;
    await host.runtime.directory.replace(demoDirectory());
    const drain = () => host.broker!.idle();
    const submit = (headers: Record<string, string>, body: string, query = '') =>
      fetch(`${host.url}/api/v1/service-requests${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const byKey = (apiKey: string, body = JSON.stringify(mailIssue)) =>
      submit({ authorization: `Bearer ${apiKey}`, 'idempotency-key': randomBytes(8).toString('hex') }, body);

    const created = await deps.tools.add({ partnerTenantId: DEMO.direct, name: 'PSA', callbackUrl: `${host.url}/demo/receiver` });
    const { toolId } = created.tool;
    const refresh = async () => void (callbackSecrets = liveSecrets((await deps.tools.get(toolId))!.callbackSecrets, new Date()));
    await refresh();
    secrets.push(created.apiKey, created.signingSecret, created.callbackSecret, adminKey, encryptionKey);

    const accepted = (await (await byKey(created.apiKey)).json()) as { statusUrl: string };
    const body = JSON.stringify({ ...mailIssue, externalRef: 'signed' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook({ id: 'msg_signed_1', timestamp, body, secrets: [created.signingSecret] });
    secrets.push(signature);
    const signedHeaders = { 'webhook-id': 'msg_signed_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    expect((await submit(signedHeaders, body, `?toolId=${toolId}`)).status).toBe(202);
    expect((await submit({ ...signedHeaders, 'webhook-id': 'msg_forged' }, body, `?toolId=${toolId}`)).status).toBe(401);
    expect((await byKey(`rk_${randomBytes(32).toString('base64url')}`)).status).toBe(401);
    expect((await byKey(created.apiKey, '{"customerTenantId": 12')).status).toBe(400);
    await drain();

    secrets.push(await deps.tools.rotateSecret(toolId, 'callback', 24), await deps.tools.rotateSecret(toolId, 'signing', 24));
    const newKey = await deps.tools.rotateKey(toolId);
    secrets.push(newKey);
    await refresh();
    expect((await byKey(created.apiKey)).status).toBe(401);
    expect((await byKey(newKey)).status).toBe(202);
    await deps.tools.setCallback(toolId, `${host.url}/api/no-such-receiver`);
    expect((await byKey(newKey)).status).toBe(202);
    await drain();
    expect((await fetch(`${host.url}${accepted.statusUrl}`, { headers: { authorization: `Bearer ${newKey}` } })).status).toBe(200);
  });
  afterAll(async () => {
    await host.stop();
    vi.restoreAllMocks();
  });

  it('when the run is over, then logs were written, including the demo receiver verifying callbacks', () => {
    expect(lines.filter((l) => l.includes('demo receiver:') && l.includes('signature valid')).length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.includes('notifications'))).toBe(true);
  });

  it('when every log line is searched, then no API key, signing or callback secret, signature or Authorization value appears', () => {
    const forms = secrets.flatMap((s) => [s, s.replace(/^whsec_/, ''), `Bearer ${s}`]);
    const leaks = lines.flatMap((line) => forms.filter((s) => line.includes(s)).map((s) => `${s.slice(0, 8)}… in: ${line.slice(0, 120)}`));
    expect(leaks).toEqual([]);
  });
});
