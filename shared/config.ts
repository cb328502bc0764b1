import { z } from 'zod';

/**
 * Settings (CONTRACT.md §8), parsed once. A missing, empty or unresolved Key Vault reference stops
 * startup with the setting's name: a half-configured relay must never accept tickets it cannot finish.
 */
const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');

const schema = z.object({
  TABLES_CONNECTION: z.string().optional(),
  TABLES_ACCOUNT_URL: z.url().optional(),
  AzureWebJobsStorage: z.string().optional(),
  ServiceBusConnection: z.string().optional(),
  ServiceBusConnection__fullyQualifiedNamespace: z.string().optional(),
  /** Embedded broker instead of Service Bus; only the local host sets it. */
  RELAY_EMBEDDED_BROKER: flag,
  DIRECTORY_SOURCE: z.enum(['table', 'microsoft']).default('table'),
  HEALTH_SOURCE: z.enum(['table', 'microsoft']).default('table'),
  AZURE_SUPPORT_SUBMIT: z.enum(['off', 'on']).default('off'),
  RELAY_CLOUD: z.enum(['public', 'usgov']).default('public'),
  RELAY_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters'),
  /** base64 of 32 random bytes; encrypts signing and callback secrets at rest. */
  RELAY_ENCRYPTION_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes'),
  RELAY_ALLOW_LOCAL_CALLBACKS: flag,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  SECRET_ROTATION_OVERLAP_HOURS: z.coerce.number().positive().default(24),
  HEALTH_SYNC_SCHEDULE: z.string().default('0 */5 * * * *'),
  DIRECTORY_SYNC_SCHEDULE: z.string().default('0 0 */6 * * *'),
  OUTBOX_SWEEP_SCHEDULE: z.string().default('*/30 * * * * *'),
  /** Prefix for every table name; lets test suites share one storage account without seeing each other. */
  RELAY_TABLE_PREFIX: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,20}$/, 'letters and digits, starting with a letter').optional(),
  /** Entra app used for DIRECTORY_SOURCE / HEALTH_SOURCE = microsoft and Azure submission. */
  AZURE_CLIENT_ID: z.string().optional(),
});

export type Config = z.infer<typeof schema> & {
  tables: { kind: 'connection-string'; value: string } | { kind: 'account-url'; value: string };
  serviceBus: { kind: 'embedded' } | { kind: 'connection-string'; value: string } | { kind: 'namespace'; value: string };
};

export class ConfigError extends Error {
  constructor(readonly setting: string, problem: string) {
    super(`Setting ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value === undefined) continue;
    if (value.trim() === '') throw new ConfigError(key, 'is empty; set a value or remove it');
    if (value.startsWith('@Microsoft.KeyVault(')) {
      throw new ConfigError(key, 'is an unresolved Key Vault reference; check the app identity can read the secret');
    }
    relevant[key] = value;
  }
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = String(issue.path[0] ?? 'unknown');
    throw new ConfigError(setting, relevant[setting] === undefined ? 'is required but missing' : issue.message);
  }
  const c = parsed.data;
  const tablesConn = c.TABLES_CONNECTION ?? (c.TABLES_ACCOUNT_URL ? undefined : c.AzureWebJobsStorage);
  const tables: Config['tables'] = tablesConn
    ? { kind: 'connection-string', value: tablesConn }
    : c.TABLES_ACCOUNT_URL
      ? { kind: 'account-url', value: c.TABLES_ACCOUNT_URL }
      : missing('TABLES_CONNECTION', 'or TABLES_ACCOUNT_URL is required');
  const serviceBus: Config['serviceBus'] = c.RELAY_EMBEDDED_BROKER
    ? { kind: 'embedded' }
    : c.ServiceBusConnection
      ? { kind: 'connection-string', value: c.ServiceBusConnection }
      : c.ServiceBusConnection__fullyQualifiedNamespace
        ? { kind: 'namespace', value: c.ServiceBusConnection__fullyQualifiedNamespace }
        : missing('ServiceBusConnection', 'or ServiceBusConnection__fullyQualifiedNamespace is required');
  return { ...c, tables, serviceBus };
}

function missing(setting: string, problem: string): never {
  throw new ConfigError(setting, problem);
}
