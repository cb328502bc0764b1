import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import type { BrokerFaults } from '../../shared/adapters/bus/embedded-options.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import { sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import type { Bus } from '../../shared/ports/bus.js';
import type { TicketStore } from '../../shared/ports/ticket-store.js';
import type { WebhookSender } from '../../shared/ports/webhook-sender.js';
import { ALL_QUEUES, QUEUES } from '../../shared/queues.js';
import {
  compressSchedule,
  DROP,
  seededRandom,
  sometimes,
  startCallbackReceiver,
  UNAVAILABLE,
  withFaults,
  type CallbackReceiver,
  type Fault,
} from '../support/faults.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { audit, fleetDirectory, type Acknowledged } from './support.js';

/**
 * "What goes in must come out" (issue 7): N submissions through the real stages while the broker duplicates
 * deliveries and loses acks and locks, storage fails before and after writes, publishes vanish, the callback
 * receiver fails, clients resend, and the local host restarts mid-run. Then every acknowledged submission must have
 * one ticket, one terminal status and one delivered event id, and the dead-letter queues hold only the poison sent
 * on purpose. FAULT_SEED repeats a run's fault choices (not its timing); FAULT_RUN_N overrides N.
 */
const SOAK = Boolean(process.env.SOAK) && process.env.SOAK !== '0';
const N = Number(process.env.FAULT_RUN_N ?? (SOAK ? 10_000 : 2_000));
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2_147_483_647);
const CONCURRENCY = 32;
/** Many partners, as in production; each tenant-first partition stays small (Azurite scans a partition per read). */
const PARTNERS = Math.max(4, Math.round(N / 125));
/** Webhook retries (5 s, 5 min, 30 min, …) come due this many times sooner. */
const TIME_WARP = 10_000;
const random = seededRandom(SEED);
const delay = (ms: number): Fault => ({ kind: 'delay', ms });

const brokerFaults: BrokerFaults = {
  beforeDeliver: () => {
    const roll = random();
    return roll < 0.02 ? 'duplicate' : roll < 0.04 ? 'drop-ack' : roll < 0.06 ? 'lose-lock' : 'deliver';
  },
};
const storeFaults = {
  create: sometimes(random, [
    [0.02, UNAVAILABLE],
    [0.02, { kind: 'unavailable-after' }],
    [0.03, delay(5)],
  ]),
  get: sometimes(random, [
    [0.01, UNAVAILABLE],
    [0.03, delay(3)],
  ]),
  advance: sometimes(random, [
    [0.02, UNAVAILABLE],
    [0.02, { kind: 'unavailable-after' }],
    [0.03, delay(8)],
  ]),
};
const busFaults = {
  send: sometimes(random, [
    [0.02, DROP],
    [0.01, { kind: 'throw' }],
    [0.03, delay(10)],
  ]),
};
const noAnswer: Fault = { kind: 'answer', value: { ok: false, statusCode: null, latencyMs: 0, error: 'injected: no answer' } };
const senderFaults = {
  send: sometimes(random, [
    [0.01, { kind: 'throw' }],
    [0.01, noAnswer],
    [0.02, delay(5)],
  ]),
};

const env = {
  RELAY_TABLE_PREFIX: `t${randomBytes(5).toString('hex')}`,
  RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  RELAY_ADMIN_KEY: `adm_${randomBytes(16).toString('hex')}`,
  RATE_LIMIT_PER_MINUTE: String(100 * N),
};
let relay: TestRelay;
let receiver: CallbackReceiver;
let realStore: TicketStore;
afterAll(async () => {
  await relay?.stop();
  await receiver?.close();
});

/** A relay on the run's tables (the same ones after a restart), every port behind its fault wrapper. */
async function startFaultyRelay(): Promise<TestRelay> {
  const r = await startTestRelay({ env, broker: { faults: brokerFaults } });
  realStore = r.deps.tickets;
  r.deps.tickets = withFaults<TicketStore>(r.deps.tickets, storeFaults);
  r.deps.bus = compressSchedule(withFaults<Bus>(r.deps.bus, busFaults), TIME_WARP);
  r.deps.webhooks = withFaults<WebhookSender>(r.deps.webhooks, senderFaults);
  return r;
}

/** The sweeper as it would run `ahead` ms from now, publishing straight to the broker. */
const sweeper = (ahead = 0): Deps => ({
  ...relay.deps,
  tickets: realStore,
  bus: compressSchedule(relay.host.bus, TIME_WARP),
  clock: { now: () => new Date(Date.now() + ahead) },
});

/** Submissions: partner k's customers in turn, every fifth from the demo reseller (an Azure request). */
function submissionFor(i: number, partners: { tenantId: string; customers: string[] }[]) {
  const common = { title: `Fault run ${i}`, description: 'Injected faults all round.', severity: 'moderate', externalRef: `FR-${i}` };
  if (i % 5 === 4) {
    return {
      partner: DEMO.reseller,
      body: {
        ...common,
        customerTenantId: DEMO.wingtip,
        workload: 'azure',
        subscriptionId: DEMO.wingtipAzureSub,
        agent: { userPrincipalName: 'sam@fabrikam-it.example' },
      },
    };
  }
  const p = partners[i % partners.length]!;
  return {
    partner: p.tenantId,
    body: {
      ...common,
      customerTenantId: p.customers[i % 3]!,
      workload: 'office365',
      agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    },
  };
}

it(
  `when ${N} submissions meet random faults, resends and a restart, then each acknowledged one has one ticket, one outcome and one notification`,
  { timeout: SOAK ? 1_800_000 : 240_000 },
  async () => {
    receiver = await startCallbackReceiver({ failRate: 0.1, maxFailuresPerId: 2, random });
    relay = await startFaultyRelay();
    const fleet = fleetDirectory(PARTNERS);
    await relay.importDirectory(fleet.directory);
    const apiKeys = new Map<string, string>();
    for (const partner of [DEMO.reseller, ...fleet.partners.map((p) => p.tenantId)])
      apiKeys.set(partner, (await relay.addTool(partner, receiver.url)).apiKey);

    // Clients resend on 503 / 409 / 429 / a dropped connection with the same Idempotency-Key; some resend after a 202.
    let available = Promise.resolve();
    let recoveredAfterRestart = 0;
    const acknowledged = new Map<string, Acknowledged>();
    const failures: string[] = [];
    const send = async (i: number): Promise<void> => {
      const { partner, body } = submissionFor(i, fleet.partners);
      for (let attempt = 0; attempt < 60; attempt++) {
        await available;
        const res = await relay.submit(apiKeys.get(partner)!, body, `fr-${SEED}-${i}`).catch(() => null);
        if (res?.status === 202) {
          const { ticketId } = (await res.json()) as { ticketId: string };
          const earlier = acknowledged.get(body.externalRef);
          if (earlier && earlier.ticketId !== ticketId)
            failures.push(`${body.externalRef}: resend got ${ticketId}, first ${earlier.ticketId}`);
          acknowledged.set(body.externalRef, { ticketId, partnerTenantId: partner });
          return !earlier && random() < 0.1 ? send(i) : undefined;
        }
        if (res && ![409, 429, 503].includes(res.status)) {
          failures.push(`${body.externalRef}: HTTP ${res.status} ${await res.text()}`);
          if (res.status < 500) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1 + random() * 10));
      }
      failures.push(`${body.externalRef}: never acknowledged`);
    };
    const restart = () => {
      const old = relay;
      available = (async () => {
        await old.stop();
        relay = await startFaultyRelay();
        // The stopped broker's messages are gone; their outbox rows are not.
        recoveredAfterRestart = await sweepOutbox(sweeper(), 0);
      })();
    };

    // Reordering: submissions start shuffled and finish in whatever order the faults allow.
    const order = Array.from({ length: N }, (_, i) => i).sort(() => random() - 0.5);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < order.length) {
          if (next === Math.floor(N * 0.4)) restart();
          await send(order[next++]!);
        }
      }),
    );
    await available;

    // Poison sent on purpose: the only thing the dead-letter queues may hold at the end.
    const poison = [QUEUES.eligibility, QUEUES.routing, QUEUES.notifications].map((queue) => ({ queue, messageId: `poison-${queue}` }));
    for (const { queue, messageId } of poison) await relay.host.bus.send(queue, [{ messageId, body: { v: 1, type: 'ticket.stage' } }]);

    // Drain. A lost publish leaves an outbox row; the sweeper republishes it once due (a day on, so retries are due too).
    for (let round = 0; round < 30; round++) {
      await relay.host.broker!.idle({ includeScheduled: true });
      if ((await sweepOutbox(sweeper(24 * 3_600_000), 0)) === 0) break;
    }

    const partners = [DEMO.reseller, ...fleet.partners.map((p) => p.tenantId)];
    const result = await audit(realStore, acknowledged, receiver.delivered(), partners, () => random() < 0.1);
    const dead = (await Promise.all(ALL_QUEUES.map((q) => relay.host.bus.peekDeadLetters(q, 1000)))).flat();
    // Counted by POSTs the receiver accepted, not by distinct event ids, so a duplicate delivery counts even when it is
    // the same event: two copies of a message handled at once must not both POST (the notifications stage claims the
    // ticket first). Were one ever repeated, it would have to be the same event under the same webhook-id.
    const duplicatePosts = receiver.duplicatePosts();
    const extraPosts = [...duplicatePosts.values()].reduce((n, posts) => n + posts.length - 1, 0);
    const duplicated = result.duplicated + extraPosts;
    const differing = [...duplicatePosts].filter(
      ([, posts]) => new Set(posts.map((p) => `${p.type} ${p.eventAt} ${p.ticketId}`)).size !== 1,
    );
    console.log(
      `fault-run: submitted=${N}, acknowledged=${acknowledged.size}, tickets=${result.tickets}, notified=${result.notified}, ` +
        `lost=${result.lost}, duplicated=${duplicated} (tickets or events doubled ${result.duplicated}, extra accepted POSTs ${extraPosts}), ` +
        `dead-lettered=${dead.length}`,
    );
    console.log(
      `fault-run: seed=${SEED} (FAULT_SEED=${SEED} repeats the fault choices), webhook calls=${receiver.calls.length}, ` +
        `republished after the restart=${recoveredAfterRestart}, events accepted more than once=${duplicatePosts.size}`,
    );

    expect(failures.slice(0, 5)).toEqual([]);
    expect(recoveredAfterRestart).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
    expect({ acknowledged: acknowledged.size, tickets: result.tickets, lost: result.lost, duplicated }).toEqual({
      acknowledged: N,
      tickets: N,
      lost: 0,
      duplicated: 0,
    });
    expect(differing.slice(0, 2).map(([id, posts]) => ({ id, posts }))).toEqual([]);
    // As in Azure, poison is retried until maxDeliveryCount; the description is the last delivery's error, which an
    // injected fault on that delivery may have replaced.
    expect(dead.map((m) => `${m.messageId} ${m.deadLetterReason}`).sort()).toEqual(
      poison.map((p) => `${p.messageId} MaxDeliveryCountExceeded`).sort(),
    );
    for (const m of dead) expect(m.deadLetterErrorDescription).toMatch(/^SchemaValidationFailed: |injected fault|lock expired/);
  },
);
