import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { SERVICE_BUS_CONNECTION } from '../../shared/queues.js';
import { readRepoFile } from './bicep.js';
import { generatedSecret, settingsLoadConfigReads } from './app-settings.js';

// local.settings.sample.json ↔ shared/config.ts: the sample a developer copies for Core Tools must start the relay.
const sample = (JSON.parse(readRepoFile('local.settings.sample.json')) as { Values: Record<string, string> }).Values;
const configKeys = settingsLoadConfigReads();
const filled = () =>
  Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, value.startsWith('<generate:') ? generatedSecret() : value]));

/** Settings the sample leaves out on purpose; a setting loadConfig reads must be in the sample or here. */
const LEFT_OUT: Record<string, string> = {
  ServiceBusConnection: 'a connection string would win over the identity settings, for the host and the relay alike',
  TABLES_ACCOUNT_URL: 'TABLES_CONNECTION (Azurite) wins; an Entra token cannot be sent to Azurite over http',
  AZURE_CLIENT_ID: 'Azure only (the user-assigned identity); locally DefaultAzureCredential uses your az login',
  RELAY_TABLE_PREFIX: 'for test suites sharing one account; npm start and the CLI use the plain table names',
  PARTNER_TENANT_ID: 'only for the microsoft sources, which need a real partner tenant',
  PARTNER_ADMIN_AGENTS_GROUP_ID: 'only for the microsoft sources',
  PARTNER_PROFILE: 'only for the microsoft sources',
  PARTNER_APP_CLIENT_ID: 'only for the microsoft sources',
};

describe('local.settings.sample.json', () => {
  it('when a developer fills the placeholders, then loadConfig accepts it with Azurite and the embedded broker', () => {
    const config = loadConfig(filled());
    expect(config.tables).toEqual({ kind: 'connection-string', value: 'UseDevelopmentStorage=true' });
    expect(config.serviceBus).toEqual({ kind: 'embedded' });
    expect(sample.AzureWebJobsStorage).toBe('UseDevelopmentStorage=true');
    expect(sample.FUNCTIONS_WORKER_RUNTIME).toBe('node');
  });

  it('when the encryption key placeholder is left in place, then startup stops naming it', () => {
    const error = (() => {
      try {
        loadConfig({ ...filled(), RELAY_ENCRYPTION_KEY: sample.RELAY_ENCRYPTION_KEY });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe('RELAY_ENCRYPTION_KEY');
  });

  it('when config.ts reads a setting, then the sample sets it or says here why not', () => {
    expect(configKeys.filter((key) => !(key in sample) && !(key in LEFT_OUT))).toEqual([]);
    expect(Object.keys(LEFT_OUT).filter((key) => key in sample)).toEqual([]);
  });

  it('when the sample sets a setting, then loadConfig or the Functions host reads it', () => {
    const host = ['FUNCTIONS_WORKER_RUNTIME'];
    expect(Object.keys(sample).filter((key) => !configKeys.includes(key) && !host.includes(key))).toEqual([]);
  });

  it('when it runs locally, then the host uses your own identity: no __credential setting', () => {
    expect(Object.keys(sample).filter((key) => key.endsWith('__credential'))).toEqual([]);
    expect(sample[`${SERVICE_BUS_CONNECTION}__fullyQualifiedNamespace`]).toBeDefined();
  });
});
