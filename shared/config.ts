import { z } from 'zod';
import { isLocalAzurite } from './adapters/tables/dev-storage.js';
import { partnerSchema } from './domain/directory.js';
import { parseSchedule } from './local-host/ncrontab.js';
import { errorMessage } from './errors.js';

/**
 * Settings (README "Settings"), parsed once. A missing, empty or unresolved Key Vault reference stops
 * startup with the setting's name: a half-configured relay must never accept tickets it cannot finish.
 */
const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');

function parseJsonSetting(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
}

/** An NCRONTAB schedule, checked by the parser the local host's timers use, so a typo stops startup, not the timer. */
function schedule(fallback: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      try {
        parseSchedule(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${errorMessage(error)} (six fields: second minute hour day month day-of-week)` });
      }
    })
    .default(fallback);
}

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

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
  /** Ports a public callback URL may use, comma-separated. */
  RELAY_CALLBACK_PORTS: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5})*$/, 'must be port numbers separated by commas, e.g. 443,8443')
    .transform((v) => v.split(',').map(Number))
    .refine((ports) => ports.every((p) => p >= 1 && p <= 65535), 'ports are 1 to 65535')
    .default([443]),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** GETs (status, list) per tool per minute per instance. */
  RATE_LIMIT_READS_PER_MINUTE: z.coerce.number().int().positive().default(3000),
  SECRET_ROTATION_OVERLAP_HOURS: z.coerce.number().positive().default(24),
  HEALTH_SYNC_SCHEDULE: schedule('0 */5 * * * *'),
  DIRECTORY_SYNC_SCHEDULE: schedule('0 0 */6 * * *'),
  OUTBOX_SWEEP_SCHEDULE: schedule('*/30 * * * * *'),
  /** Daily by default: access drifts over days (expiry, removed grants), and each scan reads the whole directory. */
  ACCESS_WATCH_SCHEDULE: schedule('0 0 6 * * *'),
  /** Hours a hand-off ticket may wait for its Microsoft case id before `ticket.filing_overdue` (Sev A: the _SEV_A one). */
  FILING_REMINDER_HOURS: z.coerce.number().positive().default(24),
  FILING_REMINDER_HOURS_SEV_A: z.coerce.number().positive().default(4),
  CASE_TIMERS_SCHEDULE: schedule('0 */5 * * * *'),
  /** Minutes between two polls of one open API-filed Azure case (spread over the interval, see azure-follow-up). */
  AZURE_FOLLOW_UP_MINUTES: z.coerce.number().int().positive().default(30),
  /** Prefix for every table name; lets test suites share one storage account without seeing each other. */
  RELAY_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,20}$/, 'letters and digits, starting with a letter')
    .optional(),
  /** The relay's own (managed) identity: Table and Service Bus clients, and the assertion for PARTNER_APP_CLIENT_ID. */
  AZURE_CLIENT_ID: z.string().optional(),
  /** The partner tenant the Microsoft sources read and the Azure Support API files for. */
  PARTNER_TENANT_ID: guid.optional(),
  /** Object id of the partner tenant's AdminAgents group; without it admin-on-behalf-of grants are not recognised. */
  PARTNER_ADMIN_AGENTS_GROUP_ID: guid.optional(),
  /** What Microsoft's APIs cannot say about the partner: `{ name, type, contact, indirectProviderTenantId?, ownSupportPlan? }`. */
  PARTNER_PROFILE: z
    .string()
    .transform(parseJsonSetting)
    .pipe(partnerSchema.omit({ tenantId: true, cloud: true, agents: true }))
    .optional(),
  /** Multi-tenant Entra app of the partner (GDAP, Partner Center, Azure Support); the managed identity is its federated credential. */
  PARTNER_APP_CLIENT_ID: guid.optional(),
});

export type Config = z.infer<typeof schema> & {
  tables: { kind: 'connection-string'; value: string } | { kind: 'account-url'; value: string };
  serviceBus: { kind: 'embedded' } | { kind: 'connection-string'; value: string } | { kind: 'namespace'; value: string };
};

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
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
    // Inside a JSON setting, name the field too (`PARTNER_PROFILE` at contact.email).
    const where = issue.path.length > 1 ? `at ${issue.path.slice(1).map(String).join('.')}: ` : '';
    throw new ConfigError(setting, relevant[setting] === undefined ? 'is required but missing' : `${where}${issue.message}`);
  }
  const c = parsed.data;
  if (c.PARTNER_APP_CLIENT_ID && !c.PARTNER_TENANT_ID)
    missing('PARTNER_TENANT_ID', "is required with PARTNER_APP_CLIENT_ID (the app's home tenant)");
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
  if (c.RELAY_ALLOW_LOCAL_CALLBACKS) {
    // Loopback callbacks let a tool make the relay call its own host: development only, never in Azure or on real storage.
    if (env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME) {
      missing(
        'RELAY_ALLOW_LOCAL_CALLBACKS',
        'must not be true when running in Azure (WEBSITE_INSTANCE_ID/WEBSITE_SITE_NAME are set); remove it: loopback callbacks are for local development only',
      );
    }
    if (!isLocalAzurite(tables)) {
      missing(
        'RELAY_ALLOW_LOCAL_CALLBACKS',
        'may be true only with the local Azurite (UseDevelopmentStorage=true or devstoreaccount1 on 127.0.0.1); remove it when pointing at real storage',
      );
    }
  }
  return { ...c, tables, serviceBus };
}

function missing(setting: string, problem: string): never {
  throw new ConfigError(setting, problem);
}

/**
 * A setting only some configurations need, asked for where it is used: the Microsoft sources need the partner's
 * settings, the ticket path does not (it reads the table directory). A relay deployed with `microsoft` but not
 * (yet) these settings still finishes tickets, while each sync run fails naming what is missing.
 */
export function requiredSetting<K extends keyof Config>(config: Config, setting: K, when: string): NonNullable<Config[K]> {
  return config[setting] ?? missing(setting, `is required ${when}`);
}

type ScheduleSetting =
  'HEALTH_SYNC_SCHEDULE' | 'DIRECTORY_SYNC_SCHEDULE' | 'OUTBOX_SWEEP_SCHEDULE' | 'ACCESS_WATCH_SCHEDULE' | 'CASE_TIMERS_SCHEDULE';

/**
 * A timer's NCRONTAB schedule. Timers register when their file is imported, before any runtime exists, so this
 * reads the environment directly (the Functions host and `npm start` both have the app settings there).
 */
export function timerSchedule(setting: ScheduleSetting, env: Record<string, string | undefined> = process.env): string {
  const value = env[setting]?.trim();
  const parsed = schema.shape[setting].safeParse(value ? value : undefined);
  if (!parsed.success) throw new ConfigError(setting, parsed.error.issues[0]!.message);
  return parsed.data;
}
