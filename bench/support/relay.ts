import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { TableDirectory } from '../../shared/adapters/tables/directory-store.js';
import { TableHealthStore } from '../../shared/adapters/tables/health-store.js';
import { loadConfig } from '../../shared/config.js';
import { importFunctionFiles } from '../../shared/local-host/load-functions.js';
import { projectRoot } from '../../shared/local-host/local-settings.js';
import { startLocalHost, type LocalHost } from '../../shared/local-host/start.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import { TABLES } from '../../shared/tables.js';
import { benchDirectory, partnerId } from './bench-directory.js';

/** The real local host (compiled function files, embedded broker, Azurite) with the bench directory and one tool. */
export interface BenchRelay {
  host: LocalHost;
  url: string;
  deps: Deps;
  adminKey: string;
  /** The first partner's tool. */
  apiKey: string;
  /** One tool per partner, in partner order. */
  apiKeys: string[];
  submit(body: unknown, idempotencyKey?: string, apiKey?: string): Promise<Response>;
  postHealth(snapshot: unknown): Promise<Response>;
  /** Resolves when the broker has nothing visible, locked or running. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface BenchRelayOptions {
  tablesConnection: string;
  /** Table prefix: letters and digits; each scenario gets its own tables. */
  name: string;
  directorySize?: number;
  /** Partners in the directory, each with a tool. */
  partners?: number;
  overrides?: Partial<Deps>;
  /**
   * The clock of the directory and health caches (milliseconds). Given, their readers are rebuilt on it, so a
   * measurement decides what is cached instead of how fast the machine happens to be.
   */
  cacheClock?: () => number;
}

export async function startBenchRelay(options: BenchRelayOptions): Promise<BenchRelay> {
  const adminKey = `adm_${randomBytes(16).toString('hex')}`;
  const prefix = `${options.name}${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    TABLES_CONNECTION: options.tablesConnection,
    RELAY_TABLE_PREFIX: prefix,
    RELAY_EMBEDDED_BROKER: 'true',
    RELAY_ALLOW_LOCAL_CALLBACKS: 'true',
    RELAY_ADMIN_KEY: adminKey,
    RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // The limiter guards against one runaway tool; the bench is that tool on purpose.
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const table = (name: string) =>
    TableClient.fromConnectionString(options.tablesConnection, `${prefix}${name}`, { allowInsecureConnection: true });
  const clocked: Partial<Deps> = options.cacheClock
    ? {
        directory: new TableDirectory(table(TABLES.directory), options.cacheClock),
        health: new TableHealthStore(table(TABLES.health), options.cacheClock),
      }
    : {};
  const overrides = { ...clocked, ...options.overrides };
  const host = await startLocalHost({
    config,
    port: 0,
    timers: false,
    log: () => undefined,
    loadFunctions: async () => void (await importFunctionFiles(join(projectRoot(), 'dist', 'functions'), '.js')),
    overrides,
  });
  const deps = host.runtime.deps;
  await host.runtime.directory.replace(benchDirectory(options.directorySize ?? 10, options.partners ?? 1));
  const apiKeys: string[] = [];
  for (let k = 0; k < (options.partners ?? 1); k++)
    apiKeys.push((await deps.tools.add({ partnerTenantId: partnerId(k), name: `bench tool ${k}` })).apiKey);
  const apiKey = apiKeys[0]!;
  const post = (path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${host.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return {
    host,
    url: host.url,
    deps,
    adminKey,
    apiKey,
    apiKeys,
    submit: (body, idempotencyKey = randomUUID(), key = apiKey) =>
      post('/api/v1/service-requests', key, body, { 'idempotency-key': idempotencyKey }),
    postHealth: (snapshot) => postWithoutTimeout(`${host.url}/api/v1/service-health`, adminKey, snapshot),
    drain: async () => {
      if (host.broker) await host.broker.idle();
    },
    stop: () => host.stop(),
  };
}

/**
 * fetch gives up on a response after 300 s; releasing a big storm's tickets inside one request can take longer,
 * and the bench must see how long, not a timeout of its own.
 */
function postWithoutTimeout(url: string, key: string, body: unknown): Promise<Response> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
