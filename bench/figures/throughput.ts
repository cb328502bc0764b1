import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BENCH, partnerId, SPREAD_PARTNERS } from '../support/bench-directory.js';
import { instrument } from '../support/instrument.js';
import { pool } from '../support/pool.js';
import { startBenchRelay } from '../support/relay.js';
import { m365Request } from '../support/requests.js';
import type { BurstArgs, BurstResult } from '../load/burst.js';
import { brokerOps, storageCalls } from '../support/tally.js';
import { cpuMsSince, secondsSince, ticketsIn } from '../support/tickets.js';

const BURST_SCRIPT = fileURLToPath(new URL('../load/burst.js', import.meta.url));

/** In-flight submissions, and in-flight single-entity writes for the floor: the same pressure on Azurite. */
const CONCURRENCY = 32;

export interface ThroughputFigure {
  tickets: number;
  concurrency: number;
  seconds: number;
  ticketsPerSecond: number;
  recorded: number;
  storageRoundTripsPerTicket: number;
  brokerOpsPerTicket: number;
  /** CPU of the relay process per ticket: HTTP, five stages and the broker share one Node event loop here. */
  relayCpuMsPerTicket: number;
  baseline: { writes: number; seconds: number; writesPerSecond: number; floorTicketsPerSecond: number };
  /** tickets/s ÷ floor; the target is ≥ 0.5. */
  throughputRatio: number;
}

/**
 * Tickets through every stage (HTTP intake → recorded), spread over 20 partners and posted from a child process,
 * against the floor: what Azurite could do if a ticket cost nothing but its storage round trips, each as cheap as a
 * single-entity insert. The clock runs from the first submission until the broker is idle.
 */
export async function measureThroughput(tablesConnection: string, tickets: number, floorWrites: number): Promise<ThroughputFigure> {
  const tally = instrument();
  const baseline = await measureInsertRate(tablesConnection, floorWrites);
  const perPartner = Math.ceil(Math.min(tickets, 1000) / SPREAD_PARTNERS);
  const relay = await startBenchRelay({
    tablesConnection,
    name: 'tp',
    directorySize: 4 + perPartner * SPREAD_PARTNERS,
    partners: SPREAD_PARTNERS,
  });
  try {
    await relay.submit(m365Request()).then((r) => r.arrayBuffer()); // first-call costs (table creation) out of the timing
    await relay.drain();
    tally.reset();
    const cpu = process.cpuUsage();
    const burst = await runBurst({
      url: relay.url,
      apiKeys: relay.apiKeys,
      customersPerPartner: perPartner,
      tickets,
      concurrency: CONCURRENCY,
    });
    if (burst.refused > 0) throw new Error(`intake refused ${burst.refused} of ${tickets} submissions`);
    await relay.drain();
    const seconds = (Date.now() - burst.startedAt) / 1000;
    const relayCpuMsPerTicket = cpuMsSince(cpu) / tickets;
    const counts = tally.snapshot().total;
    let recorded = -1; // the warm-up ticket
    for (let k = 0; k < SPREAD_PARTNERS; k++) recorded += (await ticketsIn(relay.deps, 'recorded', partnerId(k))).length;
    const perTicket = storageCalls(counts) / tickets;
    const floorTicketsPerSecond = baseline.writesPerSecond / perTicket;
    const ticketsPerSecond = tickets / seconds;
    return {
      tickets,
      concurrency: CONCURRENCY,
      seconds,
      ticketsPerSecond,
      recorded,
      storageRoundTripsPerTicket: perTicket,
      brokerOpsPerTicket: brokerOps(counts) / tickets,
      relayCpuMsPerTicket,
      baseline: { ...baseline, floorTicketsPerSecond },
      throughputRatio: ticketsPerSecond / floorTicketsPerSecond,
    };
  } finally {
    await relay.stop();
  }
}

/** Azurite's concurrent single-entity insert rate, with entities the size of a ticket row, over the same partitions. */
export async function measureInsertRate(
  tablesConnection: string,
  writes: number,
): Promise<{ writes: number; seconds: number; writesPerSecond: number }> {
  const client = TableClient.fromConnectionString(tablesConnection, `floor${randomBytes(4).toString('hex')}`, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  const payload = 'x'.repeat(2048);
  await client.createEntity({ partitionKey: BENCH.partner, rowKey: 'warm', payload });
  const start = performance.now();
  await pool(writes, CONCURRENCY, async (i) => {
    await client.createEntity({ partitionKey: partnerId(i % SPREAD_PARTNERS), rowKey: `r${i}`, payload });
  });
  const seconds = secondsSince(start);
  return { writes, seconds, writesPerSecond: writes / seconds };
}

async function runBurst(args: BurstArgs): Promise<BurstResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [BURST_SCRIPT, JSON.stringify(args)], { timeout: 300_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as BurstResult;
}
