import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EmbeddedBroker } from '../../shared/adapters/bus/embedded-broker.js';
import { startBaselineServer } from '../load/baseline-server.js';
import type { FixedRateArgs, FixedRateResult } from '../load/fixed-rate.js';
import { customerOf, SPREAD_PARTNERS } from '../support/bench-directory.js';
import { startBenchRelay } from '../support/relay.js';
import { m365Request } from '../support/requests.js';
import { round } from '../support/stats.js';
import { cpuMsSince } from '../support/tickets.js';

const run = promisify(execFile);
const LOAD_SCRIPT = fileURLToPath(new URL('../load/fixed-rate.js', import.meta.url));
const PATH = '/api/v1/service-requests';
/** Each connection sends rate/N requests a second, one after another: 40 keep 200/s reachable up to ~200 ms latency. */
const CONNECTIONS = 40;
const WARMUP_SECONDS = 3;

export interface IntakeLatencyFigure {
  rate: number;
  seconds: number;
  connections: number;
  relay: FixedRateResult & { cpuMsPerRequest: number };
  baseline: FixedRateResult & { cpuMsPerRequest: number };
  /** relay p99 ÷ baseline p99; the target is ≤ 2.0 with zero errors. */
  p99Ratio: number;
  p50Ratio: number;
  zeroErrors: boolean;
}

/**
 * POST /api/v1/service-requests at a fixed rate vs a bare handler doing one insert, same rate, same bodies, same
 * Azurite, the load spread over 20 partners (20 partitions) on both sides. The stages are detached (their queue has no consumer), as on Azure, where queue-triggered functions
 * scale on instances of their own and do not share the HTTP instance's CPU.
 */
export async function measureIntakeLatency(tablesConnection: string, rate: number, seconds: number): Promise<IntakeLatencyFigure> {
  // The same bodies on both sides: partner k's customer, in turn over the partners.
  const bodies = Array.from({ length: SPREAD_PARTNERS }, (_, k) => JSON.stringify(m365Request(customerOf(k, 0, SPREAD_PARTNERS))));
  // The server side runs in this process (the load in a child), so this process's CPU per request is the server's.
  const load = async (url: string, headers: (k: number) => Record<string, string>) => {
    const variants = bodies.map((body, k) => ({ body, headers: { 'content-type': 'application/json', ...headers(k) } }));
    const cpu = process.cpuUsage();
    const result = await fixedRate({ url, path: PATH, variants, rate, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, seconds });
    return { ...result, cpuMsPerRequest: round(cpuMsSince(cpu) / (result.requests + result.warmupRequests), 2) };
  };

  const baselineServer = await startBaselineServer(tablesConnection);
  const baseline = await load(baselineServer.url, (k) => ({ 'x-partition': `partner-${k}` })).finally(() => baselineServer.stop());

  const detached = new EmbeddedBroker();
  const relayHost = await startBenchRelay({
    tablesConnection,
    name: 'lat',
    directorySize: 4 + SPREAD_PARTNERS,
    partners: SPREAD_PARTNERS,
    overrides: { bus: detached },
  });
  const relay = await load(relayHost.url, (k) => ({ authorization: `Bearer ${relayHost.apiKeys[k]!}` })).finally(async () => {
    await relayHost.stop();
    await detached.close();
  });
  const errors = (r: FixedRateResult) => r.non2xx + r.errors + r.timeouts;
  return {
    rate,
    seconds,
    connections: CONNECTIONS,
    relay,
    baseline,
    p99Ratio: round(relay.p99 / baseline.p99, 3),
    p50Ratio: round(relay.p50 / baseline.p50, 3),
    zeroErrors: errors(relay) === 0 && errors(baseline) === 0,
  };
}

async function fixedRate(args: FixedRateArgs): Promise<FixedRateResult> {
  const { stdout } = await run(process.execPath, [LOAD_SCRIPT, JSON.stringify(args)], {
    timeout: (args.seconds + args.warmupSeconds + 60) * 1000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as FixedRateResult;
}
