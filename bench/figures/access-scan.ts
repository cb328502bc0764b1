import { scanAccess } from '../../shared/pipeline/access-watch.js';
import { BENCH } from '../support/bench-directory.js';
import { startBenchRelay } from '../support/relay.js';
import { round } from '../support/stats.js';
import { secondsSince } from '../support/tickets.js';

export interface AccessScanFigure {
  customers: number;
  /** Baseline: reading the whole directory once (what the scan must read anyway). */
  directoryReadSeconds: number;
  /** First scan: every at-risk customer's findings written and told. */
  firstScanSeconds: number;
  /** A later scan with nothing changed: the daily steady state. */
  steadyScanSeconds: number;
  customersPerSecond: number;
  /** Steady scan ÷ directory read: what evaluating every customer adds to reading it. */
  accessScanRatio: number;
}

/** The access watch over one partner with `customers` customers (issue 15: within 2 minutes for 10,000). */
export async function measureAccessScan(tablesConnection: string, customers: number): Promise<AccessScanFigure> {
  const relay = await startBenchRelay({ tablesConnection, name: 'scan', directorySize: customers });
  try {
    const readStart = performance.now();
    const directory = await relay.deps.directorySnapshot();
    const directoryReadSeconds = secondsSince(readStart);
    const firstStart = performance.now();
    const first = await scanAccess(relay.deps, { partnerTenantId: BENCH.partner });
    const firstScanSeconds = secondsSince(firstStart);
    const steadyStart = performance.now();
    await scanAccess(relay.deps, { partnerTenantId: BENCH.partner });
    const steadyScanSeconds = secondsSince(steadyStart);
    if (first.customers !== directory.customers.length)
      throw new Error(`scan saw ${first.customers} of ${directory.customers.length} customers`);
    return {
      customers: first.customers,
      directoryReadSeconds: round(directoryReadSeconds, 2),
      firstScanSeconds: round(firstScanSeconds, 2),
      steadyScanSeconds: round(steadyScanSeconds, 2),
      customersPerSecond: Math.round(first.customers / steadyScanSeconds),
      accessScanRatio: round(steadyScanSeconds / directoryReadSeconds, 2),
    };
  } finally {
    await relay.stop();
  }
}
