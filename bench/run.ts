import { join } from 'node:path';
import { projectRoot } from '../shared/local-host/local-settings.js';
import { measureAccessScan, type AccessScanFigure } from './figures/access-scan.js';
import { measureColdStart, type ColdStartFigure } from './figures/cold-start.js';
import { measureDirectoryScale, type DirectoryScaleFigure } from './figures/directory-scale.js';
import { measureIncidentStorm, type IncidentStormFigure } from './figures/incident-storm.js';
import { measureIntakeLatency, type IntakeLatencyFigure } from './figures/intake-latency.js';
import { measureRoundTrips, type RoundTripsFigure } from './figures/round-trips.js';
import { measureThroughput, type ThroughputFigure } from './figures/throughput.js';
import { withAzurite } from './support/azurite.js';
import { PRICES, project, type Projection } from './support/projection.js';
import { machine, writeJson } from './support/report.js';
import { printSummary } from './summary.js';
import { errorMessage } from '../shared/errors.js';

/**
 * `npm run bench`: six figures, each against a baseline measured in this run, printed as a table and written to
 * bench/results/latest.json after every figure (so a run cut short still leaves what it measured).
 * BENCH_QUICK=1 shrinks every figure for a smoke run; BENCH_BUDGET_SECONDS moves the time budget (default 500 s,
 * leaving the build and a stop margin inside ten minutes); BENCH_ONLY=key,key runs some figures only,
 * BENCH_OUT=file writes the results elsewhere.
 */
const QUICK = process.env.BENCH_QUICK === '1';
const BUDGET_MS = Number(process.env.BENCH_BUDGET_SECONDS ?? 500) * 1000;
/** Comma-separated figure keys (roundTrips, coldStart, directoryScale, throughput, intakeLatency, incidentStorm, accessScan). */
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()) ?? null;
const OUT = process.env.BENCH_OUT ?? join(projectRoot(), 'bench', 'results', 'latest.json');

const PLAN = QUICK
  ? {
      coldRuns: 3,
      smallDirectory: 100,
      largeDirectory: 2_000,
      evaluations: 400,
      tickets: 300,
      floorWrites: 1_000,
      rate: 200,
      latencySeconds: 5,
      storm: 1_000,
      scanCustomers: 1_000,
    }
  : {
      coldRuns: 7,
      smallDirectory: 100,
      largeDirectory: 10_000,
      evaluations: 1_000,
      tickets: 600,
      floorWrites: 2_000,
      rate: 200,
      latencySeconds: 30,
      storm: 10_000,
      scanCustomers: 10_000,
    };

export interface BenchResults {
  quick: boolean;
  plan: typeof PLAN;
  machine: ReturnType<typeof machine>;
  seconds: number;
  roundTrips?: RoundTripsFigure;
  coldStart?: ColdStartFigure;
  directoryScale?: DirectoryScaleFigure;
  throughput?: ThroughputFigure;
  intakeLatency?: IntakeLatencyFigure;
  incidentStorm?: IncidentStormFigure;
  accessScan?: AccessScanFigure;
  projection?: { prices: typeof PRICES; paths: Projection[] };
  errors: Record<string, string>;
}

const started = performance.now();
const deadline = started + BUDGET_MS;
const results: BenchResults = { quick: QUICK, plan: PLAN, machine: machine(), seconds: 0, errors: {} };
const save = () => writeJson(OUT, { ...results, seconds: Math.round((performance.now() - started) / 1000) });

async function figure<K extends keyof BenchResults>(step: string, key: K, measure: () => Promise<BenchResults[K]>): Promise<void> {
  if (ONLY && !ONLY.includes(key)) return;
  const t = performance.now();
  process.stdout.write(`${step} … `);
  try {
    results[key] = await measure();
    process.stdout.write(`done in ${Math.round((performance.now() - t) / 1000)} s\n`);
  } catch (error) {
    results.errors[key] = errorMessage(error);
    process.stdout.write(`FAILED: ${errorMessage(error)}\n`);
  }
  save();
}

async function main(): Promise<void> {
  // A hung figure must not hold the machine: past the budget and a margin, stop with what was saved.
  setTimeout(() => {
    process.stderr.write(`bench: still running ${Math.round(BUDGET_MS / 1000) + 45} s after start; stopping. Partial results: ${OUT}\n`);
    process.exit(2);
  }, BUDGET_MS + 45_000).unref();
  console.log(
    `CSP Support Relay benchmarks${QUICK ? ' (BENCH_QUICK)' : ''} — ${results.machine.nproc} CPUs, Node ${results.machine.node}, load ${results.machine.loadAverageAtStart.join(' ')}`,
  );
  await figure('1/7 round trips per ticket', 'roundTrips', () => withAzurite((c) => measureRoundTrips(c)));
  if (results.roundTrips) {
    const paths = results.roundTrips.perChannel.filter((p) => p.channel === 'm365' || p.channel === 'm365 + webhook');
    results.projection = { prices: PRICES, paths: paths.map(project) };
  }
  await figure('2/7 cold start', 'coldStart', () => measureColdStart(PLAN.coldRuns));
  await figure('3/7 directory scale', 'directoryScale', () =>
    withAzurite((c) => measureDirectoryScale(c, PLAN.smallDirectory, PLAN.largeDirectory, PLAN.evaluations)),
  );
  await figure('4/7 pipeline throughput', 'throughput', () => withAzurite((c) => measureThroughput(c, PLAN.tickets, PLAN.floorWrites)));
  await figure('5/7 intake latency', 'intakeLatency', () => withAzurite((c) => measureIntakeLatency(c, PLAN.rate, PLAN.latencySeconds)));
  await figure('6/7 access scan', 'accessScan', () => withAzurite((c) => measureAccessScan(c, PLAN.scanCustomers)));
  await figure('7/7 incident storm', 'incidentStorm', () =>
    withAzurite((c) => {
      // Releasing (one ticket after another, beside the notifications it triggers) took 0.85× as long as holding
      // them in the last runs; the checks take a little more: stop submitting in time for all of it.
      const left = deadline - performance.now() - 25_000;
      return measureIncidentStorm(c, PLAN.storm, performance.now() + Math.max(30_000, left / 2.0));
    }),
  );
  save();
  printSummary(results, OUT);
  process.exit(Object.keys(results.errors).length ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error && error.stack ? error.stack : errorMessage(error)}`);
  process.exit(1);
});
