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
   * `requestSeconds`: the resolution push, which releases every held ticket before it answers. Azure ends an HTTP
   * function's request at 230 s whatever its timeout, so a release that takes longer would be cut off there.
   */
  release: { seconds: number; requestSeconds: number; releasedByApi: number; closed: number; notificationsSent: number; secondResolutionReleased: number };
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
  const relay = await startBenchRelay({ tablesConnection, name: 'storm', directorySize: 4 + PARTNERS * CUSTOMERS_PER_PARTNER, partners: PARTNERS });
  try {
    await expectOk(relay.postHealth(incidentSnapshot(INCIDENT, SERVICE, false)));
    tally.reset();
    const accepted = new Set<string>();
    let submitted = 0;
    const start = performance.now();
    await pool(target, CONCURRENCY, async (i) => {
      while (accepted.size - tally.get('notifications', 'settle') >= WINDOW) await sleep(20);
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
    const ok = lost === 0 && submitted === accepted.size && release.closed === accepted.size && release.notificationsSent === accepted.size && release.secondResolutionReleased === 0;
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

/** Resolves the incident through the API, waits for the notifications, then resolves it again: nothing more moves. */
async function resolve(relay: BenchRelay, accepted: Set<string>): Promise<IncidentStormFigure['release']> {
  const tally = instrument();
  tally.reset();
  const start = performance.now();
  const first = (await expectOk(relay.postHealth(incidentSnapshot(INCIDENT, SERVICE, true)))) as { released: number };
  const requestSeconds = secondsSince(start);
  await relay.drain();
  const seconds = secondsSince(start);
  const notificationsSent = tally.snapshot().sites['http notifications.send'] ?? 0;
  const second = (await expectOk(relay.postHealth(incidentSnapshot(INCIDENT, SERVICE, true)))) as { released: number };
  const closed = (await allPartners((p) => ticketsIn(relay.deps, 'closed', p))).filter((t) => accepted.has(t.ticketId) && t.incident?.status === 'resolved').length;
  return { seconds, requestSeconds, releasedByApi: first.released, closed, notificationsSent, secondResolutionReleased: second.released };
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

