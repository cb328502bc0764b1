import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddedBroker } from '../adapters/bus/embedded-broker.js';
import type { EmbeddedBrokerOptions } from '../adapters/bus/embedded-options.js';
import { createBus } from '../adapters/bus/create-bus.js';
import type { Config } from '../config.js';
import type { Deps } from '../pipeline/deps.js';
import type { Bus, BusReceiver, Subscription } from '../ports/bus.js';
import { definitions } from '../registry.js';
import { buildRuntime, installRuntime, type Runtime } from '../runtime.js';
import { consoleRedirect } from '../console/local-redirect.js';
import { chainRoutes, createAdminRoutes } from './admin-routes.js';
import { createFunctionsServer, type ExtraRoute } from './http-server.js';
import { startQueueTriggers, startTimers } from './triggers.js';

export interface LocalHost {
  url: string;
  port: number;
  runtime: Runtime;
  bus: Bus & BusReceiver;
  /** Present when the embedded broker is in use (tests drain it with `idle()`). */
  broker: EmbeddedBroker | null;
  stop(): Promise<void>;
}

export interface LocalHostOptions {
  config: Config;
  port: number;
  /** Loads the function files so they register (dist/functions/*.js when built, functions/*.ts in tests). */
  loadFunctions: () => Promise<void>;
  log?: (line: string) => void;
  extraRoute?: ExtraRoute;
  broker?: EmbeddedBrokerOptions;
  timers?: boolean;
  overrides?: Partial<Deps>;
  maxConcurrentCalls?: number;
}

/**
 * The project's own Functions host (README "Layout": one registration, two hosts): serves the recorded definitions —
 * HTTP routes, queue triggers on the embedded broker (or a real namespace), timers — with the real
 * @azure/functions request and context classes. No Core Tools needed.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const log = options.log ?? ((line: string) => console.log(line));
  await options.loadFunctions();
  const broker = options.config.serviceBus.kind === 'embedded' ? new EmbeddedBroker(options.broker) : null;
  const bus = broker ?? createBus(options.config.serviceBus);
  const runtime = buildRuntime(options.config, { bus, ...options.overrides });
  installRuntime(runtime);
  await runtime.ready();
  // Operator routes (`relay dlq` without a Service Bus namespace) come first, then the caller's own (demo receiver).
  const extra = chainRoutes(createAdminRoutes(bus, options.config.RELAY_ADMIN_KEY, bus), consoleRedirect, options.extraRoute);
  const server = createFunctionsServer(definitions, { log, extra });
  await listen(server, options.port);
  const port = (server.address() as AddressInfo).port;
  const subscriptions: Subscription[] = startQueueTriggers(definitions, bus, log, options.maxConcurrentCalls);
  const timers = options.timers === false ? { stop() {} } : startTimers(definitions, log);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    runtime,
    bus,
    broker,
    stop: async () => {
      timers.stop();
      await Promise.all(subscriptions.map((s) => s.close()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await bus.close();
      installRuntime(null);
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
