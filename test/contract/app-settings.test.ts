import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { SERVICE_BUS_CONNECTION } from '../../shared/queues.js';
import { blockAfter, entries } from './bicep.js';
import {
  allSettings,
  apiBicep,
  appSettings,
  azureEnvironment,
  deployParameter,
  partnerSettings,
  settingsLoadConfigReads,
} from './app-settings.js';

// infra/app/api.bicep ↔ shared/config.ts: the settings Azure gives the app are the settings the app reads.
const configKeys = settingsLoadConfigReads();
/** Settings read by the Functions host itself, not by loadConfig. */
const isHostSetting = (key: string) =>
  key.startsWith('AzureWebJobsStorage__') || key.startsWith(`${SERVICE_BUS_CONNECTION}__`) || key.startsWith('APPLICATIONINSIGHTS_');

function configErrorOf(run: () => unknown): ConfigError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  return undefined;
}

describe('app settings in Azure (infra/app/api.bicep ↔ shared/config.ts)', () => {
  it('when Azure resolves the app settings, then loadConfig accepts them and uses identities, not connection strings', () => {
    const config = loadConfig(azureEnvironment());
    expect(config.tables.kind).toBe('account-url');
    expect(config.serviceBus.kind).toBe('namespace');
    expect(config.RELAY_EMBEDDED_BROKER).toBe(false);
    expect(config.RELAY_ALLOW_LOCAL_CALLBACKS).toBe(false);
  });

  it('when a setting loadConfig needs is missing from api.bicep, then startup stops naming it', () => {
    // Learn what loadConfig requires by asking it, one missing setting at a time.
    const azure = azureEnvironment();
    const required: string[] = [];
    for (let error = configErrorOf(() => loadConfig({})); error; error = configErrorOf(() => loadConfig(pick(azure, required)))) {
      const named = configKeys.filter((key) => error.message.includes(key));
      const supplied = named.find((key) => azure[key] !== undefined && !required.includes(key));
      expect(supplied, `loadConfig wants ${named.join(' or ')} (${error.message}); api.bicep sets none of them`).toBeDefined();
      required.push(supplied!);
    }
    expect(required.length).toBeGreaterThan(0);
    for (const key of required) {
      const { [key]: _removed, ...rest } = azure;
      expect(configErrorOf(() => loadConfig(rest))?.message, `without ${key}`).toContain(key);
    }
  });

  it('when api.bicep sets a setting, then loadConfig reads it or the Functions host does', () => {
    const unread = [...allSettings.keys()].filter((key) => !configKeys.includes(key) && !isHostSetting(key));
    expect(unread).toEqual([]);
  });

  it('when a deploy parameter offers a value, then loadConfig accepts that value', () => {
    const offered = [...appSettings].flatMap(([key, expression]) => {
      const param = deployParameter(expression);
      return (param?.allowed ?? []).map((value) => ({ key, param: param!.name, value }));
    });
    expect(offered.map((o) => o.key)).toEqual(
      expect.arrayContaining(['DIRECTORY_SOURCE', 'HEALTH_SOURCE', 'AZURE_SUPPORT_SUBMIT', 'RELAY_CLOUD']),
    );
    for (const { key, param, value } of offered) {
      expect(loadConfig(azureEnvironment({ [param]: value }))[key as 'RELAY_CLOUD'], `${key}=${value}`).toBe(value);
    }
  });

  it('when the partner settings for the microsoft sources are given, then loadConfig accepts them', () => {
    const given = {
      partnerTenantId: '0f1e2d3c-4b5a-4968-8776-655443322110',
      partnerAdminAgentsGroupId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      partnerProfile: JSON.stringify({ name: 'Contoso', type: 'direct', contact: { name: 'Ops', email: 'ops@contoso.example' } }),
      partnerAppClientId: '99999999-8888-4777-8666-555555555555',
    };
    const env = azureEnvironment(given);
    expect(Object.keys(env).filter((key) => partnerSettings.has(key)).length).toBe(partnerSettings.size);
    const config = loadConfig(env) as unknown as Record<string, unknown>;
    expect(config.PARTNER_TENANT_ID).toBe(given.partnerTenantId);
    expect(config.PARTNER_PROFILE).toMatchObject({ name: 'Contoso' });
  });

  it('when a partner setting is not given, then it is not set at all: an empty setting stops startup', () => {
    expect(Object.keys(azureEnvironment()).filter((key) => partnerSettings.has(key))).toEqual([]);
    expect(apiBicep).toMatch(/^var givenPartnerSettings = toObject\(filter\(items\(partnerSettings\), s => !empty\(s\.value\)\)/m);
    expect(apiBicep).toMatch(/properties: union\(appSettings, givenPartnerSettings\)/);
  });

  it('when the host connects to Service Bus and storage, then it uses the user-assigned identity', () => {
    const identity = 'identityClientId';
    expect(appSettings.get(`${SERVICE_BUS_CONNECTION}__fullyQualifiedNamespace`)).toBeDefined();
    expect(appSettings.get(`${SERVICE_BUS_CONNECTION}__credential`)).toBe("'managedidentity'");
    expect(appSettings.get(`${SERVICE_BUS_CONNECTION}__clientId`)).toBe(identity);
    expect(appSettings.get('AzureWebJobsStorage__credential')).toBe("'managedidentity'");
    expect(appSettings.get('AzureWebJobsStorage__clientId')).toBe(identity);
    // DefaultAzureCredential (the relay's own clients) picks a user-assigned identity only by AZURE_CLIENT_ID.
    expect(appSettings.get('AZURE_CLIENT_ID')).toBe(identity);
    expect(appSettings.has('AzureWebJobsStorage')).toBe(false);
    expect(appSettings.has(SERVICE_BUS_CONNECTION)).toBe(false);
  });

  it('when a secret is needed, then it comes from Key Vault through the app identity and never sits in a setting', () => {
    for (const key of ['RELAY_ADMIN_KEY', 'RELAY_ENCRYPTION_KEY']) {
      expect(appSettings.get(key)).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{\w+\}\)'$/);
    }
    expect(entries(blockAfter(apiBicep, /\bparams\s*:/)).get('keyVaultAccessIdentityResourceId')).toBe('identityId');
  });

  it('when Flex Consumption hosts the app, then no setting it rejects is set', () => {
    const rejected = [
      'FUNCTIONS_WORKER_RUNTIME',
      'FUNCTIONS_EXTENSION_VERSION',
      'WEBSITE_NODE_DEFAULT_VERSION',
      'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
    ];
    expect([...appSettings.keys()].filter((key) => rejected.includes(key))).toEqual([]);
  });
});

function pick(env: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, env[key]!]));
}
