import { randomBytes } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SecretBox } from '../../shared/adapters/tables/secret-box.js';
import { TableTicketStore } from '../../shared/adapters/tables/ticket-store.js';
import { TableToolRegistry } from '../../shared/adapters/tables/tool-registry.js';
import { canTransition, type Ticket, type TicketStatus } from '../../shared/domain/ticket.js';
import { outboxFor } from '../../shared/pipeline/envelope.js';
import { StaleTicketError, type StoredTicket } from '../../shared/ports/ticket-store.js';
import { aTicket } from '../support/ticket-fixture.js';

/**
 * Issue 7 concurrency: stages race on one ticket (duplicate deliveries, a lock lost mid-step). The store's ETag
 * makes each version a single winner; fast-check's scheduler permutes who issues and who hears back first.
 */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const PATH: TicketStatus[] = ['received', 'checked', 'routed', 'recorded', 'notified'];

function tableClient(name: string): TableClient {
  return TableClient.fromConnectionString(inject('tablesConnection'), name, { allowInsecureConnection: true });
}

/**
 * `s.scheduleFunction` for calls that may reject: the scheduler holds the answer back, so the raw promise is
 * settled into a value first (no unhandled rejection while it waits) and thrown again on release.
 */
function controlled<A extends unknown[], T>(s: fc.Scheduler, fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const held = s.scheduleFunction((...args: A) =>
    fn(...args).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
  );
  return async (...args: A) => {
    const answer = await held(...args);
    if ('error' in answer) throw answer.error;
    return answer.value;
  };
}

/** A worker's step: append its mark and move one status along the legal path. */
function step(current: Ticket, worker: string): Ticket {
  const status = PATH[PATH.indexOf(current.status) + 1] ?? current.status;
  return {
    ...current,
    status,
    reasons: [...current.reasons, { code: 'NO_ACTIVE_GDAP', severity: 'warn', message: worker }],
    updatedAt: new Date().toISOString(),
  };
}

describe('concurrent transitions on one ticket (Azurite)', () => {
  let store: TableTicketStore;
  const partner = `p${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const client = tableClient(`conc${randomBytes(5).toString('hex')}`);
    await client.createTable();
    store = new TableTicketStore(client);
  });

  async function created(): Promise<StoredTicket> {
    const ticket = aTicket(partner);
    const result = await store.create(
      ticket,
      { toolId: 'tool_c', key: ticket.ticketId, fingerprint: 'f', ticketId: ticket.ticketId, response: {} },
      outboxFor(ticket)!,
    );
    if (result.kind !== 'created') throw new Error('fresh ticket reported as duplicate');
    return result.stored;
  }

  it('when several stages advance the same version at once, then exactly one wins and the rest are told they are stale', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 5 }), async (s, racers) => {
        const start = await created();
        // The scheduler decides who issues its write first and in which order the answers come back.
        const advance = controlled(s, (next: Ticket, note: string) => store.advance(start, next, note, null));
        const attempts = Array.from({ length: racers }, (_, i) =>
          s.schedule(Promise.resolve(i), `issue ${i}`).then(() => advance(step(start.ticket, `w${i}`), `w${i}`)),
        );
        const settled = await s.waitFor(Promise.allSettled(attempts));
        const won = settled.filter((r) => r.status === 'fulfilled');
        const lost = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost.every((e) => e instanceof StaleTicketError)).toBe(true);
        const history = await store.history(partner, start.ticket.ticketId);
        expect(history.map((h) => h.status)).toEqual(['received', 'checked']);
        const now = await store.get(partner, start.ticket.ticketId);
        expect(now?.version).toBe(2);
        expect(now?.ticket.reasons.map((r) => r.message)).toEqual([history[1]!.note]);
      }),
      { seed, numRuns: 25 },
    );
  });

  it('when racing stages re-read and retry, then every step lands once, in one legal path, with no lost update', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), async (s, workers) => {
        const start = await created();
        const get = controlled(s, (id: string) => store.get(partner, id));
        const advance = controlled(s, (current: StoredTicket, next: Ticket, note: string) => store.advance(current, next, note, null));
        const run = async (worker: string) => {
          for (;;) {
            const current = (await get(start.ticket.ticketId))!;
            try {
              return await advance(current, step(current.ticket, worker), worker);
            } catch (error) {
              if (!(error instanceof StaleTicketError)) throw error;
            }
          }
        };
        const names = Array.from({ length: workers }, (_, i) => `w${i}`);
        await s.waitFor(Promise.all(names.map(run)));
        const final = (await store.get(partner, start.ticket.ticketId))!;
        const history = await store.history(partner, start.ticket.ticketId);
        expect(final.version).toBe(1 + workers);
        expect([...final.ticket.reasons.map((r) => r.message)].sort()).toEqual(names);
        expect(history).toHaveLength(1 + workers);
        expect(history.slice(1).map((h) => h.note)).toEqual(final.ticket.reasons.map((r) => r.message));
        expect(history.map((h) => h.status)).toEqual(PATH.slice(0, 1 + workers));
        for (let i = 1; i < history.length; i++) expect(canTransition(history[i - 1]!.status, history[i]!.status)).toBe(true);
      }),
      { seed, numRuns: 20 },
    );
  });
});

describe('every update is conditional', () => {
  /** A real TableClient that records each write it forwards. */
  function recording(client: TableClient) {
    const updates: { via: string; rowKey: string; etag: unknown }[] = [];
    const upserts: string[] = [];
    const proxy = new Proxy(client, {
      get(target, name) {
        const real = Reflect.get(target, name) as unknown;
        if (typeof real !== 'function') return real;
        return (...args: unknown[]) => {
          if (name === 'updateEntity') {
            const [entity, , options] = args as [{ rowKey: string }, string, { etag?: string } | undefined];
            updates.push({ via: 'updateEntity', rowKey: entity.rowKey, etag: options?.etag });
          }
          if (name === 'upsertEntity') upserts.push((args[0] as { rowKey: string }).rowKey);
          if (name === 'submitTransaction') {
            for (const action of args[0] as TransactionAction[]) {
              const [kind, entity] = action;
              if (kind === 'update') updates.push({ via: 'transaction', rowKey: String(entity.rowKey), etag: action[3]?.etag });
              if (kind === 'upsert') upserts.push(String(entity.rowKey));
            }
          }
          return (real as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { client: proxy, updates, upserts };
  }

  const unconditional = (updates: { etag: unknown }[]) =>
    updates.filter((u) => typeof u.etag !== 'string' || u.etag === '' || u.etag === '*');

  it('when the ticket store advances, sweeps and reads, then every update carries the ETag it read and the ticket row is never upserted', async () => {
    const table = tableClient(`etag${randomBytes(5).toString('hex')}`);
    await table.createTable();
    const { client, updates, upserts } = recording(table);
    const store = new TableTicketStore(client);
    const ticket = aTicket('p-etag');
    const first = await store.create(
      ticket,
      { toolId: 't', key: 'k', fingerprint: 'f', ticketId: ticket.ticketId, response: {} },
      outboxFor(ticket)!,
    );
    let current = first.kind === 'created' ? first.stored : (await store.get('p-etag', ticket.ticketId))!;
    for (const worker of ['a', 'b', 'c'])
      current = await store.advance(current, step(current.ticket, worker), worker, outboxFor({ ...current.ticket, nextStage: 'routing' }));
    const [pending] = await store.pendingOutbox('p-etag', new Date(Date.now() + 60_000), 10);
    await store.markSwept('p-etag', ticket.ticketId, pending!.etag, 1);
    expect(updates.length).toBeGreaterThanOrEqual(4);
    expect(unconditional(updates)).toEqual([]);
    expect(upserts.filter((rk) => rk.startsWith('t|'))).toEqual([]);
  });

  it('when a tool is rotated, re-pointed or disabled, then every update carries the ETag it read', async () => {
    const table = tableClient(`etagtools${randomBytes(4).toString('hex')}`);
    await table.createTable();
    const { client, updates } = recording(table);
    const tools = new TableToolRegistry(client, new SecretBox(randomBytes(32).toString('base64')));
    const { tool } = await tools.add({ partnerTenantId: 'p-etag', name: 'PSA' });
    await tools.rotateKey(tool.toolId);
    await tools.rotateSecret(tool.toolId, 'signing', 24);
    await tools.setCallback(tool.toolId, 'https://psa.example/hook');
    await tools.disable(tool.toolId);
    expect(updates.length).toBe(4);
    expect(unconditional(updates)).toEqual([]);
  });
});
