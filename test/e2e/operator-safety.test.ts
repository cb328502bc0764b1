import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteProcess } from '../../shared/local-host/azurite.js';
import { hostIsBuilt, pollUntil, runCli, startLocalHost, type LocalHost } from './support/local-host.js';
import { errorMessage } from '../../shared/errors.js';

/**
 * Issue 17, black box: `npm start` and the `relay` CLI pointed somewhere they should not write demo data or allow
 * loopback callbacks, callback URLs that spell internal addresses in IPv6, and what a partner learns from a refused
 * delivery. Each refusal has its positive control.
 */
const PARTNER = '33333333-3333-4333-8333-333333333333';

/** Starts the compiled host and returns its output, whether it came up or refused to. */
async function startOrRefusal(env: Record<string, string>): Promise<{ host: LocalHost | null; output: string }> {
  try {
    const host = await startLocalHost(env);
    return { host, output: host.output() };
  } catch (error) {
    return { host: null, output: errorMessage(error) };
  }
}

describe.skipIf(!hostIsBuilt)('operator safety and callback URLs (compiled local host and CLI)', () => {
  let host: LocalHost;
  /** Azurite with an account that is not the development one: storage the way production looks to the relay. */
  let other: AzuriteProcess;
  let otherStorage: string;

  beforeAll(async () => {
    const key = randomBytes(64).toString('base64');
    process.env.AZURITE_ACCOUNTS = `relayprod:${key}`;
    other = await startAzurite().finally(() => delete process.env.AZURITE_ACCOUNTS);
    otherStorage = `DefaultEndpointsProtocol=http;AccountName=relayprod;AccountKey=${key};TableEndpoint=http://127.0.0.1:${other.port}/relayprod;`;
    host = await startLocalHost({ RELAY_ALLOW_LOCAL_CALLBACKS: 'false' });
  });
  afterAll(async () => {
    host.stop();
    await other.stop();
  });

  it('when npm start points at storage that is not the local Azurite, then it serves without demo data; with RELAY_ALLOW_LOCAL_CALLBACKS=true it refuses to start', async () => {
    const { host: real, output } = await startOrRefusal({ TABLES_CONNECTION: otherStorage });
    try {
      expect(output).toContain('Storage is not the local Azurite');
      expect(existsSync(join(real!.stateDir, 'demo-credentials.json'))).toBe(false);
      expect((await fetch(`${real!.url}/api/v1/health`)).status).toBe(200);
    } finally {
      real?.stop();
    }
    const refused = await startOrRefusal({ TABLES_CONNECTION: otherStorage, RELAY_ALLOW_LOCAL_CALLBACKS: 'true' });
    refused.host?.stop();
    expect(refused.host).toBeNull();
    expect(refused.output).toMatch(/Cannot start: Setting RELAY_ALLOW_LOCAL_CALLBACKS: may be true only with the local Azurite/);
  });

  it('when running in Azure with RELAY_ALLOW_LOCAL_CALLBACKS=true, then startup stops naming the setting', async () => {
    const refused = await startOrRefusal({ WEBSITE_INSTANCE_ID: 'instance-1', RELAY_ALLOW_LOCAL_CALLBACKS: 'true' });
    refused.host?.stop();
    expect(refused.host).toBeNull();
    expect(refused.output).toMatch(/Setting RELAY_ALLOW_LOCAL_CALLBACKS: must not be true when running in Azure/);
  });

  it('when the CLI is given a partner id that is not a GUID, then it refuses and writes nothing; a GUID is accepted (positive control)', async () => {
    const refused = await runCli(host, ['tools', 'add', '--partner', 'contoso', '--name', 'typo']);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/--partner must be the partner's tenant id, a GUID/);
    expect((await runCli(host, ['tools', 'list'])).output).not.toContain('typo');
    expect((await runCli(host, ['tools', 'add', '--partner', PARTNER, '--name', 'good'])).code).toBe(0);
  });

  it('when the CLI points at other storage, then a loopback callback is refused; on the local Azurite it is accepted (positive control)', async () => {
    const loopback = ['tools', 'add', '--partner', PARTNER, '--name', 'loop', '--callback-url', 'http://127.0.0.1:9/hook'];
    const refused = await runCli(host, loopback, { TABLES_CONNECTION: otherStorage });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('callback URL refused');
    expect((await runCli(host, loopback)).code).toBe(0);
  });

  it.each([
    ['the metadata service, IPv4-compatible', 'https://[::a9fe:a9fe]/'],
    ['the Azure wire server, IPv4-compatible', 'https://[::a83f:8110]/'],
    ['the metadata service through NAT64', 'https://[64:ff9b::a9fe:a9fe]/'],
    ['the metadata service through 6to4', 'https://[2002:a9fe:a9fe::1]/'],
    ['a public address on port 8080', 'https://[2606:4700::1111]:8080/hook'],
  ])('when a callback URL reaches %s, then the CLI refuses it', async (_label, url) => {
    const refused = await runCli(host, ['tools', 'add', '--partner', PARTNER, '--name', 'ssrf', '--callback-url', url]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('callback URL refused');
  });

  it('when a callback URL is a public IPv6 address on 443, then the CLI accepts it (positive control)', async () => {
    expect(
      (await runCli(host, ['tools', 'add', '--partner', PARTNER, '--name', 'public', '--callback-url', 'https://[2606:4700::1111]/hook']))
        .code,
    ).toBe(0);
  });

  it("when a delivery is refused because the callback's name resolves to a non-public address, then the partner's view names no address", async () => {
    const { toolId, apiKey } = host.credentials();
    // This machine's own name resolves to loopback (/etc/hosts); the CLI on the local Azurite allows it, the host does not.
    expect((await runCli(host, ['tools', 'set-callback', toolId, `https://${hostname()}/hook`])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 2_100)); // the relay's tool cache
    const res = await fetch(`${host.url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'ssrf-view' },
      body: JSON.stringify({
        customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
        workload: 'office365',
        title: 't',
        description: 'd',
        agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      }),
    });
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    type View = { deliveries: { attempts: { error?: string }[] }[] };
    const read = async () =>
      (await (await fetch(`${host.url}${statusUrl}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as View;
    const view = await pollUntil(read, (v) => (v.deliveries[0]?.attempts.length ?? 0) > 0, 10_000);
    const error = view.deliveries[0]!.attempts[0]!.error!;
    expect(error).toContain('does not resolve to a public address');
    expect(error).not.toMatch(/127\.0\.0\.1|::1|loopback/);
  });
});
