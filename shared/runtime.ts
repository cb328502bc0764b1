import type { TokenCredential } from '@azure/identity';
import { partnerCredential } from './adapters/azure-support/partner-credential.js';
import { cloudEndpoints } from './adapters/microsoft/cloud-endpoints.js';
import { MicrosoftDirectorySource } from './adapters/microsoft/directory-source.js';
import { healthTargetsFrom, MicrosoftHealthSource, type SkippedTarget } from './adapters/microsoft/health-source.js';
import { signWebhook } from './adapters/webhooks/standard-webhooks.js';
import { HttpWebhookSender } from './adapters/webhooks/http-sender.js';
import { createBus } from './adapters/bus/create-bus.js';
import { TableDeliveryLog } from './adapters/tables/delivery-log.js';
import { TableDirectory } from './adapters/tables/directory-store.js';
import { TableHealthStore } from './adapters/tables/health-store.js';
import { SecretBox } from './adapters/tables/secret-box.js';
import { createTableClient, ensureTable } from './adapters/tables/table-clients.js';
import { TableTicketStore } from './adapters/tables/ticket-store.js';
import { TableToolRegistry } from './adapters/tables/tool-registry.js';
import { TableWatchStore } from './adapters/tables/watch-store.js';
import { TableConnectorStore } from './adapters/tables/connector-store.js';
import { withPsaNotes } from './adapters/psa/psa-note-sender.js';
import { loadConfig, requiredSetting, type Config } from './config.js';
import type { Directory } from './domain/directory.js';
import { RateLimiter } from './http/rate-limit.js';
import type { Deps } from './pipeline/deps.js';
import type { DirectoryFeed } from './pipeline/directory-sync.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { HealthSource } from './ports/health-source.js';
import type { SupportApi } from './ports/support-api.js';
import { ALL_TABLES, TABLES } from './tables.js';

/**
 * The composition root: settings parsed once, one client per table and one bus per process, created on first
 * use (cold start pays only for what the first invocation touches). Tests and the local host may install their own.
 */
export interface Runtime {
  config: Config;
  deps: Deps;
  rateLimiter: RateLimiter;
  /** Per-tool budget for GETs (status and list), separate from submissions. */
  readLimiter: RateLimiter;
  /** The writable side of the directory (imports, the demo, directory-sync). */
  directory: TableDirectory;
  /**
   * The Microsoft sources the sync timers pull from: null when DIRECTORY_SOURCE / HEALTH_SOURCE is `table`.
   * Built per call (timers run every few minutes; nothing worth caching across runs); a missing partner
   * setting throws ConfigError naming it.
   */
  sources: {
    directory(): DirectoryFeed | null;
    health(options?: { onSkipped?: (skipped: SkippedTarget) => void }): HealthSource | null;
  };
  /** Creates the tables once; a failure (storage down) is retried on the next call instead of sticking. */
  ready: () => Promise<void>;
}

let current: Runtime | null = null;

export function buildRuntime(config: Config, overrides: Partial<Deps> = {}): Runtime {
  const client = (table: string) => createTableClient(config.tables, `${config.RELAY_TABLE_PREFIX ?? ''}${table}`);
  const tables = Object.fromEntries(ALL_TABLES.map((t) => [t, client(t)])) as Record<
    (typeof ALL_TABLES)[number],
    ReturnType<typeof client>
  >;
  const health = new TableHealthStore(tables[TABLES.health]);
  const directory = new TableDirectory(tables[TABLES.directory]);
  // Lazy inside: nothing is asked of Entra until a Microsoft call is made.
  const credential = partnerCredential(config);
  const deps: Deps = {
    tickets: new TableTicketStore(tables[TABLES.tickets]),
    // Secret rotation overlaps are judged by the same clock that authenticates requests.
    tools: new TableToolRegistry(tables[TABLES.tools], new SecretBox(config.RELAY_ENCRYPTION_KEY), () => deps.clock.now()),
    connectors: new TableConnectorStore(tables[TABLES.tools], new SecretBox(config.RELAY_ENCRYPTION_KEY), () => deps.clock.now()),
    directory,
    health,
    deliveries: new TableDeliveryLog(tables[TABLES.tickets]),
    watch: new TableWatchStore(tables[TABLES.watch]),
    directorySnapshot: () => directory.export(),
    bus: overrides.bus ?? createBus(config.serviceBus),
    clock: systemClock,
    webhooks: new HttpWebhookSender({ allowLocal: config.RELAY_ALLOW_LOCAL_CALLBACKS, allowedPorts: config.RELAY_CALLBACK_PORTS }),
    signWebhook,
    // AZURE_SUPPORT_SUBMIT=on files Azure tickets for real; off (the default) records the routed request only.
    supportApi:
      config.AZURE_SUPPORT_SUBMIT === 'on' && !('supportApi' in overrides)
        ? lazySupportApi(credential, cloudEndpoints(config.RELAY_CLOUD).arm)
        : null,
    settings: {
      cloud: config.RELAY_CLOUD,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      random: Math.random,
      filingReminderHours: { sevA: config.FILING_REMINDER_HOURS_SEV_A, other: config.FILING_REMINDER_HOURS },
      azureFollowUpMinutes: config.AZURE_FOLLOW_UP_MINUTES,
    },
    ...overrides,
  };
  // A PSA connector's tool has a psa:// callback: its events become notes on the PSA ticket, through the same stage.
  deps.webhooks = withPsaNotes(deps.webhooks, deps.connectors, psaHttpOptions(config));
  const ready = () => Promise.all(Object.values(tables).map((t) => ensureTable(t))).then(() => undefined);
  const sources = microsoftSources(config, credential, deps.clock, () => directory.export());
  const rateLimiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE);
  const readLimiter = new RateLimiter(config.RATE_LIMIT_READS_PER_MINUTE);
  return { config, deps, rateLimiter, readLimiter, directory, sources, ready };
}

function microsoftSources(
  config: Config,
  credential: TokenCredential,
  clock: Clock,
  current: () => Promise<Directory>,
): Runtime['sources'] {
  const connection = () => ({ credential, cloud: config.RELAY_CLOUD, clock });
  return {
    directory: () => {
      if (config.DIRECTORY_SOURCE !== 'microsoft') return null;
      const when = 'when DIRECTORY_SOURCE is microsoft';
      return new MicrosoftDirectorySource({
        ...connection(),
        partnerTenantId: requiredSetting(config, 'PARTNER_TENANT_ID', when),
        partnerProfile: requiredSetting(config, 'PARTNER_PROFILE', when),
        ...(config.PARTNER_ADMIN_AGENTS_GROUP_ID ? { adminAgentsGroupId: config.PARTNER_ADMIN_AGENTS_GROUP_ID } : {}),
      });
    },
    health: (options = {}) => {
      if (config.HEALTH_SOURCE !== 'microsoft') return null;
      const partnerTenantId = requiredSetting(config, 'PARTNER_TENANT_ID', 'when HEALTH_SOURCE is microsoft');
      return new MicrosoftHealthSource({
        ...connection(),
        // The customers in the directory now in force whose GDAP with this partner is active: the only tenants its app can read.
        targets: async () => healthTargetsFrom(onlyPartner(await current(), partnerTenantId)),
        ...(options.onSkipped ? { onSkipped: options.onSkipped } : {}),
      });
    },
  };
}

function onlyPartner(directory: Directory, partnerTenantId: string): Directory {
  const mine = (id: string) => id.toLowerCase() === partnerTenantId.toLowerCase();
  return {
    ...directory,
    customers: directory.customers.map((c) => ({ ...c, relationships: c.relationships.filter((r) => mine(r.partnerTenantId)) })),
  };
}

/** PSA API calls pass the same guard as callbacks (RELAY_ALLOW_LOCAL_CALLBACKS, RELAY_CALLBACK_PORTS). */
export function psaHttpOptions(config: Config): { allowLocal: boolean; allowedPorts?: readonly number[] } {
  return {
    allowLocal: config.RELAY_ALLOW_LOCAL_CALLBACKS,
    ...(config.RELAY_CALLBACK_PORTS ? { allowedPorts: config.RELAY_CALLBACK_PORTS } : {}),
  };
}

export function runtime(): Runtime {
  current ??= buildRuntime(loadConfig());
  return current;
}

export function installRuntime(next: Runtime | null): void {
  current = next;
}

/** @azure/arm-support is imported when the first Azure ticket is filed or followed, not at cold start. */
function lazySupportApi(credential: TokenCredential, armEndpoint: string): SupportApi {
  let inner: Promise<SupportApi> | undefined;
  const api = () =>
    (inner ??= import('./adapters/azure-support/azure-support-api.js').then((m) => new m.AzureSupportApi({ credential, armEndpoint })));
  return {
    createTicket: async (request) => (await api()).createTicket(request),
    ticketStatus: async (ref) => (await api()).ticketStatus(ref),
    communications: async (ref, options) => (await api()).communications(ref, options),
  };
}
