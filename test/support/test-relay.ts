import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import type { Directory } from '../../shared/domain/directory.js';
import type { EmbeddedBrokerOptions } from '../../shared/adapters/bus/embedded-options.js';
import { importFunctionFiles } from '../../shared/local-host/load-functions.js';
import { projectRoot } from '../../shared/local-host/local-settings.js';
import { startLocalHost, type LocalHost } from '../../shared/local-host/start.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';

/**
 * The real local host, in process: every function file, the embedded broker, the suite's Azurite under table names
 * of its own (RELAY_TABLE_PREFIX), HTTP on a free 127.0.0.1 port. One relay at a time per test file.
 */
export interface TestRelay {
  host: LocalHost;
  url: string;
  deps: Deps;
  adminKey: string;
  importDirectory(directory: Directory): Promise<void>;
  addTool(partnerTenantId: string, callbackUrl?: string | null): Promise<NewToolCredentials>;
  /** POST /api/v1/service-requests with an API key. */
  submit(apiKey: string, body: unknown, idempotencyKey?: string, headers?: Record<string, string>): Promise<Response>;
  get(apiKey: string, path: string): Promise<Response>;
  /** Waits until the broker has nothing visible or in flight (scheduled retries excluded). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestRelay(
  options: { broker?: EmbeddedBrokerOptions; overrides?: Partial<Deps>; env?: Record<string, string>; log?: (line: string) => void } = {},
): Promise<TestRelay> {
  const adminKey = `adm_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    TABLES_CONNECTION: inject('tablesConnection'),
    RELAY_TABLE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    RELAY_EMBEDDED_BROKER: 'true',
    RELAY_ALLOW_LOCAL_CALLBACKS: 'true',
    RELAY_ADMIN_KEY: adminKey,
    RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  });
  const host = await startLocalHost({
    config,
    port: 0,
    timers: false,
    // Every line the host writes, InvocationContext logs of all functions included; dropped unless a test listens.
    log: options.log ?? (() => undefined),
    loadFunctions: async () => void (await importFunctionFiles(join(projectRoot(), 'functions'), '.ts')),
    ...(options.broker ? { broker: options.broker } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const deps = host.runtime.deps;
  return {
    host,
    url: host.url,
    deps,
    adminKey,
    importDirectory: (directory) => host.runtime.directory.replace(directory),
    addTool: (partnerTenantId, callbackUrl = null) => deps.tools.add({ partnerTenantId, name: 'test tool', callbackUrl }),
    submit: (apiKey, body, idempotencyKey = randomBytes(8).toString('hex'), headers = {}) =>
      fetch(`${host.url}/api/v1/service-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (apiKey, path) => fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } }),
    drain: async () => {
      if (host.broker) await host.broker.idle();
    },
    stop: () => host.stop(),
  };
}

/** A test relay with the demo directory loaded and a tool registered for the demo's direct partner (Contoso). */
export async function startDemoRelay(
  options: Parameters<typeof startTestRelay>[0] = {},
): Promise<{ relay: TestRelay; tool: NewToolCredentials }> {
  const { demoDirectory, DEMO } = await import('../../shared/local-host/demo-directory.js');
  const relay = await startTestRelay(options);
  await relay.importDirectory(demoDirectory());
  return { relay, tool: await relay.addTool(DEMO.direct) };
}
