import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { blockAfter, entries, literal, readRepoFile } from './bicep.js';
import { modules, params } from './bicep-declarations.js';

/** The app settings infra/app/api.bicep gives the function app, as raw Bicep expressions. */
export const apiBicep = readRepoFile('infra/app/api.bicep');
export const appSettings = entries(blockAfter(apiBicep, /^var appSettings =/m));
/** Set only when their deploy parameter is not empty (`givenPartnerSettings` in api.bicep). */
export const partnerSettings = entries(blockAfter(apiBicep, /^var partnerSettings =/m));
export const allSettings = new Map([...appSettings, ...partnerSettings]);

const mainBicep = readRepoFile('infra/main.bicep');
const apiParams = new Map(params(apiBicep).map((p) => [p.name, p]));
const mainParams = new Map(params(mainBicep).map((p) => [p.name, p]));
const apiArgs = modules(mainBicep).find((m) => m.path === 'app/api.bicep')?.args ?? new Map<string, string>();

/** What Azure puts where api.bicep reads a deployed resource (shapes as the resources return them). */
const DEPLOY_TIME: Record<string, string> = {
  identityClientId: '11111111-2222-3333-4444-555555555555',
  serviceBusFullyQualifiedNamespace: 'sb-abc123.servicebus.windows.net',
  relayAdminKeySecretUri: 'https://kv-abc123.vault.azure.net/secrets/relay-admin-key/',
  relayEncryptionKeySecretUri: 'https://kv-abc123.vault.azure.net/secrets/relay-encryption-key/',
  'storage.properties.primaryEndpoints.blob': 'https://stabc123.blob.core.windows.net/',
  'storage.properties.primaryEndpoints.table': 'https://stabc123.table.core.windows.net/',
  'applicationInsights.properties.ConnectionString': 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
};

/** The main.bicep parameter an api.bicep expression comes from, when it is passed straight through. */
export function deployParameter(expression: string): { name: string; allowed: string[]; defaultValue: string | undefined } | undefined {
  const arg = apiParams.has(expression) ? apiArgs.get(expression) : undefined;
  const param = arg === undefined ? undefined : mainParams.get(arg);
  return param && { name: param.name, allowed: param.allowed, defaultValue: param.defaultValue };
}

/**
 * The value Azure would put in the environment for one setting. `choices` gives values to parameters, by their
 * name in api.bicep or in main.bicep; otherwise the main.bicep default (or first allowed value) is used.
 */
export function resolve(expression: string, choices: Record<string, string> = {}): string {
  const plain = literal(expression);
  if (plain !== undefined) return String(plain);
  if (/^'.*'$/s.test(expression)) {
    return expression.slice(1, -1).replace(/\$\{([^}]*)\}/g, (_all, inner: string) => resolve(inner.trim(), choices));
  }
  const fromDeploy = choices[expression] ?? DEPLOY_TIME[expression];
  if (fromDeploy !== undefined) return fromDeploy;
  const param = deployParameter(expression);
  const value = param
    ? (choices[param.name] ?? literal(param.defaultValue) ?? param.allowed[0])
    : literal(apiParams.get(expression)?.defaultValue);
  if (value === undefined) throw new Error(`no deploy-time value for '${expression}' in api.bicep: add one to DEPLOY_TIME`);
  return String(value);
}

/** What infra/scripts/ensure-secrets.sh generates (`openssl rand -base64 32`) for each Key Vault secret. */
export const generatedSecret = () => randomBytes(32).toString('base64');

/** The environment the app sees in Azure: every setting resolved, Key Vault references replaced by their secrets. */
export function azureEnvironment(choices: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, expression] of allSettings) {
    const value = resolve(expression, choices);
    if (partnerSettings.has(key) && value === '') continue;
    env[key] = value.startsWith('@Microsoft.KeyVault(') ? generatedSecret() : value;
  }
  return env;
}

/** Every setting loadConfig reads, learned by watching it read an empty environment. */
export function settingsLoadConfigReads(): string[] {
  const read = new Set<string>();
  const spy = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    },
  );
  try {
    loadConfig(spy);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  return [...read];
}
