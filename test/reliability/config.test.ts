import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tablesConnectionString } from '../../shared/adapters/tables/dev-storage.js';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { projectRoot } from '../../shared/local-host/local-settings.js';

/**
 * Issue 7 config fail-fast (README "Settings"): a missing, empty or unresolved Key Vault setting stops startup with a
 * message naming the setting — and never echoing a secret's value.
 */
const adminKey = `adm_${randomBytes(16).toString('hex')}`;
const encryptionKey = randomBytes(32).toString('base64');
/** Settings as Azure resolves them: identities for storage and Service Bus, secrets from Key Vault. */
const azure: Record<string, string> = {
  TABLES_ACCOUNT_URL: 'https://relaystore.table.core.windows.net',
  ServiceBusConnection__fullyQualifiedNamespace: 'relay.servicebus.windows.net',
  RELAY_ADMIN_KEY: adminKey,
  RELAY_ENCRYPTION_KEY: encryptionKey,
};
const unresolved = '@Microsoft.KeyVault(SecretUri=https://relay-kv.vault.azure.net/secrets/relay-admin-key/)';
/** Optional settings: absent is fine, but set-and-empty or set-and-unresolved still stops startup. */
const optional = [
  'DIRECTORY_SOURCE',
  'HEALTH_SOURCE',
  'RELAY_CLOUD',
  'AZURE_CLIENT_ID',
  'RATE_LIMIT_PER_MINUTE',
  'AzureWebJobsStorage',
  'PARTNER_TENANT_ID',
];

function refusal(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the settings');
}

describe('configuration fails fast', () => {
  it('when the Azure settings are complete, then loadConfig accepts them', () => {
    expect(loadConfig(azure).tables).toEqual({ kind: 'account-url', value: azure.TABLES_ACCOUNT_URL });
  });

  it.each(Object.keys(azure))('when %s is missing, then startup stops naming it', (setting) => {
    const { [setting]: _gone, ...env } = azure;
    expect(refusal(env).message).toContain(setting);
  });

  it.each([...Object.keys(azure), ...optional])('when %s is empty or blank, then startup stops naming it', (setting) => {
    for (const blank of ['', '   ']) {
      const error = refusal({ ...azure, [setting]: blank });
      expect([error.setting, error.message]).toEqual([setting, expect.stringContaining(`${setting}: is empty`)]);
    }
  });

  it.each([...Object.keys(azure), ...optional])('when %s is an unresolved Key Vault reference, then startup stops naming it', (setting) => {
    const error = refusal({ ...azure, [setting]: unresolved });
    expect(error.setting).toBe(setting);
    expect(error.message).toMatch(/unresolved Key Vault reference/);
    expect(error.message).not.toContain('relay-kv.vault.azure.net');
  });

  it('when a secret setting has a wrong value, then the message names the setting but never shows the value', () => {
    const shortKey = 'short-secret';
    const admin = refusal({ ...azure, RELAY_ADMIN_KEY: shortKey });
    expect([admin.setting, admin.message.includes(shortKey)]).toEqual(['RELAY_ADMIN_KEY', false]);
    const notBase64 = 'not-32-bytes-of-key-material';
    const encryption = refusal({ ...azure, RELAY_ENCRYPTION_KEY: notBase64 });
    expect([encryption.setting, encryption.message.includes(notBase64)]).toEqual(['RELAY_ENCRYPTION_KEY', false]);
  });
});

const main = join(projectRoot(), 'dist', 'shared', 'local-host', 'main.js');
const built = existsSync(main);

/** Runs the compiled local host; a watchdog ends it if it ever starts serving (the protection would be gone). */
function startCompiledHost(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main], {
      // Storage on a closed port and a free HTTP port: even a host that wrongly starts touches nothing real.
      env: { ...process.env, TABLES_CONNECTION: tablesConnectionString(1), PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(watchdog);
      resolve({ code, output });
    });
  });
}

describe(built ? 'the compiled local host' : 'the compiled local host (skipped: dist/ is missing; `npm test` builds it first)', () => {
  it.skipIf(!built)("when started with RELAY_ADMIN_KEY='', then it exits non-zero naming RELAY_ADMIN_KEY", async () => {
    const { code, output } = await startCompiledHost({ RELAY_ADMIN_KEY: '' });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/Cannot start: Setting RELAY_ADMIN_KEY: is empty/);
  });

  it.skipIf(!built)('when RELAY_ENCRYPTION_KEY is an unresolved Key Vault reference, then it exits non-zero naming it', async () => {
    const { code, output } = await startCompiledHost({ RELAY_ENCRYPTION_KEY: unresolved });
    expect([code === 0, code === null]).toEqual([false, false]);
    expect(output).toMatch(/Setting RELAY_ENCRYPTION_KEY: is an unresolved Key Vault reference/);
  });
});
