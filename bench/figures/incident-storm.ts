import { customerOf, partnerId, SPREAD_PARTNERS } from '../support/bench-directory.js';
import { instrument } from '../support/instrument.js';
import { pool } from '../support/pool.js';
import { startBenchRelay, type BenchRelay } from '../support/relay.js';
import { incidentSnapshot, m365Request } from '../support/requests.js';
import { storageCalls } from '../support/tally.js';
import { secondsSince, ticketsIn } from '../support/tickets.js';
import { measureInsertRate } from './throughput.js';

const INCIDENT = 'BENCH-STORM-1';
const SERVICE = 'Exchange Online';
const CONCURRENCY = 32;
/**
 * An incident hits every partner at once: the storm comes from 20 partners (20 partitions of the tickets table),
 * 50 customers each, not from one partner filing 10,000 tickets (which the partition ceiling caps anyway).
 */
const PARTNERS = SPREAD_PARTNERS;
const CUSTOMERS_PER_PARTNER = 50;
/**
 * Tickets accepted but not yet through the notifications stage. Intake outruns the stages, so without a bound a
 * time-boxed run would stop submitting with thousands still queued and no time left to drain them.
 */
const WINDOW = 256;

export interface IncidentStormFigure {
  target: number;
  partners: number;
  /** Fewer than `target` only when the time budget ran out (said in `note`). */
  submitted: number;
  accepted: number;
  drainSeconds: number;
  ticketsPerSecond: number;
  storageRoundTripsPerTicket: number;
  held: number;
  heldWithIncident: number;
  holdIndexEntries: number;
  lost: number;
  /**
   * `requestSeconds`: the resolution push, which only queues the release (Azure ends an HTTP request at 230 s);
   * `seconds`: from the push until the release work is drained (target ≤ 120 s). `closedTwice`: sampled tickets
   * whose history shows more than one `closed` row. `secondResolutionReleasing`: incidents a second identical push
   * still found holding tickets (0: everything was released).
   */
  release: {
    seconds: number;
    requestSeconds: number;
    closed: number;
    sampled: number;
    closedTwice: number;
    secondResolutionReleasing: number;
  };
  baseline: { writesPerSecond: number; floorTicketsPerSecond: number };
  /** tickets/s held ÷ floor (Azurite inserts/s ÷ round trips per held ticket). */
  stormRatio: number;
  allHeldNoneLostReleasedOnce: boolean;
  note: string;
}

/**
 * A matching incident is active while tickets pour in (as fast as the pipeline takes them, at most WINDOW in
 * flight): every one must end `held` with that incident's id, none may go missing, and the incident's resolution
 * must close each of them exactly once. `deadline` stops submitting early when the run's time budget is short.
 */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function measureIncidentStorm(tablesConnection: string, target: number, deadline: number): Promise<IncidentStormFigure> {
  const tally = instrument();
  const baseline = await measureInsertRate(tablesConnection, 2000);
  const relay = await startBenchRelay({
    tablesConnection,
    name: 'storm',
    directorySize: 4 + PARTNERS * CUSTOMERS_PER_PARTNER,
    partners: PARTNERS,
  });
  try {
    await expectOk(relay.postHealth(incidentSnapshot(INCIDENT, SERVICE, false)));
    tally.reset();
    const accepted = new Set<string>();
    let submitted = 0;
    const start = performance.now();
    await pool(target, CONCURRENCY, async (i) => {
      // A held ticket whose tool has no callback finishes in the routing step: its settle is the end of its pipeline.
      while (accepted.size - tally.get('routing', 'settle') >= WINDOW) await sleep(20);
      if (performance.now() > deadline) return;
      submitted++;
      const partner = i % PARTNERS;
      const customer = customerOf(partner, Math.floor(i / PARTNERS) % CUSTOMERS_PER_PARTNER, PARTNERS);
      const res = await relay.submit(m365Request(customer, SERVICE), undefined, relay.apiKeys[partner]);
      if (res.status === 202) accepted.add(((await res.json()) as { ticketId: string }).ticketId);
      else await res.arrayBuffer();
    });
    await relay.drain();
    const drainSeconds = secondsSince(start);
    const perTicket = storageCalls(tally.snapshot().total) / Math.max(1, accepted.size);
    const held = await allPartners((p) => ticketsIn(relay.deps, 'held', p));
    const heldWithIncident = held.filter((t) => t.incident?.id === INCIDENT && accepted.has(t.ticketId)).length;
    const holdIndexEntries = (await relay.deps.health.heldBy(INCIDENT)).length;
    const release = await resolve(relay, accepted);
    const ticketsPerSecond = accepted.size / drainSeconds;
    const floorTicketsPerSecond = baseline.writesPerSecond / perTicket;
    const lost = accepted.size - heldWithIncident;
    const ok =
      lost === 0 &&
      submitted === accepted.size &&
      release.closed === accepted.size &&
      release.closedTwice === 0 &&
      release.secondResolutionReleasing === 0 &&
      release.seconds <= 120;
    return {
      target,
      partners: PARTNERS,
      submitted,
      accepted: accepted.size,
      drainSeconds,
      ticketsPerSecond,
      storageRoundTripsPerTicket: perTicket,
      held: held.length,
      heldWithIncident,
      holdIndexEntries,
      lost,
      release,
      baseline: { writesPerSecond: baseline.writesPerSecond, floorTicketsPerSecond },
      stormRatio: ticketsPerSecond / floorTicketsPerSecond,
      allHeldNoneLostReleasedOnce: ok,
      note: submitted < target ? `time budget reached after ${submitted} of ${target} submissions` : '',
    };
  } finally {
    await relay.stop();
  }
}

/** Resolves the incident through the API, waits for the release work to drain, then resolves it again: nothing more moves. */
async function resolve(relay: BenchRelay, accepted: Set<string>): Promise<IncidentStormFigure['release']> {
  const tally = instrument();
  tally.reset();
  const start = performance.now();
  await expectOk(relay.postHealth(incidentSnapshot(INCIDENT, SERVICE, true)));
  const requestSeconds = secondsSince(start);
  await relay.drain();
  const seconds = secondsSince(start);
  const second = (await expectOk(relay.postHealth(incidentSnapshot(INCIDENT, SERVICE, true)))) as { releasing: string[] };
  await relay.drain();
  const closedTickets = (await allPartners((p) => ticketsIn(relay.deps, 'closed', p))).filter(
    (t) => accepted.has(t.ticketId) && t.incident?.status === 'resolved',
  );
  // Released once: a sample of histories, each with exactly one `closed` row (a second release would add one).
  const sample = closedTickets.filter((_, i) => i % Math.max(1, Math.floor(closedTickets.length / 200)) === 0);
  const histories = await Promise.all(sample.map((t) => relay.deps.tickets.history(t.partnerTenantId, t.ticketId)));
  const closedTwice = histories.filter((h) => h.filter((row) => row.status === 'closed').length !== 1).length;
  return {
    seconds,
    requestSeconds,
    closed: closedTickets.length,
    sampled: sample.length,
    closedTwice,
    secondResolutionReleasing: second.releasing.length,
  };
}

async function allPartners<T>(read: (partner: string) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let k = 0; k < PARTNERS; k++) all.push(...(await read(partnerId(k))));
  return all;
}

async function expectOk(response: Promise<Response>): Promise<unknown> {
  const res = await response;
  if (res.status !== 200) throw new Error(`service-health answered ${res.status}: ${await res.text()}`);
  return res.json();
}
