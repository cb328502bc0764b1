import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { BENCH, customerOf, partnerId, SPREAD_PARTNERS } from '../support/bench-directory.js';
import { instrument } from '../support/instrument.js';
import { pool, startBenchRelay } from '../support/relay.js';
import { m365Request } from '../support/requests.js';
import { brokerOps, storageCalls } from '../support/tally.js';
import { cpuMsSince, secondsSince, ticketsIn } from '../support/tickets.js';

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
  /** CPU of the relay process (HTTP client included) per ticket: with Azurite on the other core, the usual limit. */
  relayCpuMsPerTicket: number;
  baseline: { writes: number; seconds: number; writesPerSecond: number; floorTicketsPerSecond: number };
  /** tickets/s ÷ floor; the target is ≥ 0.5. */
  throughputRatio: number;
}

/**
 * Tickets through every stage (HTTP intake → recorded), spread over 20 partners, against the floor: what Azurite could do if a ticket cost
 * nothing but its storage round trips, each as cheap as a single-entity insert.
 */
export async function measureThroughput(tablesConnection: string, tickets: number, floorWrites: number): Promise<ThroughputFigure> {
  const tally = instrument();
  const baseline = await measureInsertRate(tablesConnection, floorWrites);
  const perPartner = Math.ceil(Math.min(tickets, 1000) / SPREAD_PARTNERS);
  const relay = await startBenchRelay({ tablesConnection, name: 'tp', directorySize: 4 + perPartner * SPREAD_PARTNERS, partners: SPREAD_PARTNERS });
  try {
    await relay.submit(m365Request()).then((r) => r.arrayBuffer()); // first-call costs (table creation) out of the timing
    await relay.drain();
    tally.reset();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await pool(tickets, CONCURRENCY, async (i) => {
      const partner = i % SPREAD_PARTNERS;
      const customer = customerOf(partner, Math.floor(i / SPREAD_PARTNERS) % perPartner, SPREAD_PARTNERS);
      const res = await relay.submit(m365Request(customer), undefined, relay.apiKeys[partner]);
      if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });
    await relay.drain();
    const seconds = secondsSince(start);
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
export async function measureInsertRate(tablesConnection: string, writes: number): Promise<{ writes: number; seconds: number; writesPerSecond: number }> {
  const client = TableClient.fromConnectionString(tablesConnection, `floor${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });
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
