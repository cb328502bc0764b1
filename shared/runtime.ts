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
import { loadConfig, type Config } from './config.js';
import { RateLimiter } from './http/rate-limit.js';
import type { Deps } from './pipeline/deps.js';
import { systemClock } from './ports/clock.js';
import { ALL_TABLES, TABLES } from './tables.js';

/**
 * The composition root: settings parsed once, one client per table and one bus per process, created on first
 * use (cold start pays only for what the first invocation touches). Tests and the local host may install their own.
 */
export interface Runtime {
  config: Config;
  deps: Deps;
  rateLimiter: RateLimiter;
  /** The writable side of the directory (imports, the demo, directory-sync). */
  directory: TableDirectory;
  /** Creates the tables once; a failure (storage down) is retried on the next call instead of sticking. */
  ready(): Promise<void>;
}

let current: Runtime | null = null;

export function buildRuntime(config: Config, overrides: Partial<Deps> = {}): Runtime {
  const client = (table: string) => createTableClient(config.tables, `${config.RELAY_TABLE_PREFIX ?? ''}${table}`);
  const tables = Object.fromEntries(ALL_TABLES.map((t) => [t, client(t)])) as Record<(typeof ALL_TABLES)[number], ReturnType<typeof client>>;
  const health = new TableHealthStore(tables[TABLES.health]);
  const directory = new TableDirectory(tables[TABLES.directory]);
  const deps: Deps = {
    tickets: new TableTicketStore(tables[TABLES.tickets]),
    tools: new TableToolRegistry(tables[TABLES.tools], new SecretBox(config.RELAY_ENCRYPTION_KEY)),
    directory,
    health,
    deliveries: new TableDeliveryLog(tables[TABLES.tickets]),
    bus: overrides.bus ?? createBus(config.serviceBus),
    clock: systemClock,
    webhooks: new HttpWebhookSender({ allowLocal: config.RELAY_ALLOW_LOCAL_CALLBACKS }),
    signWebhook,
    supportApi: null,
    settings: { cloud: config.RELAY_CLOUD, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, random: Math.random },
    ...overrides,
  };
  const ready = () => Promise.all(Object.values(tables).map((t) => ensureTable(t))).then(() => undefined);
  return { config, deps, rateLimiter: new RateLimiter(config.RATE_LIMIT_PER_MINUTE), directory, ready };
}

export function runtime(): Runtime {
  current ??= buildRuntime(loadConfig());
  return current;
}

export function installRuntime(next: Runtime | null): void {
  current = next;
}
