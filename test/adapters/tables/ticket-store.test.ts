import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { TableTicketStore } from '../../../shared/adapters/tables/ticket-store.js';
import { IllegalTransitionError, type Ticket, type TicketStatus } from '../../../shared/domain/ticket.js';
import type { TicketCase } from '../../../shared/domain/case.js';
import { aTicket as anyTicket } from '../../support/ticket-fixture.js';
import {
  InvalidCursorError,
  StaleTicketError,
  StorageUnavailableError,
  type IdempotencyRecord,
  type OutboxEntry,
  type StoredTicket,
} from '../../../shared/ports/ticket-store.js';

/**
 * The partner-keyed ticket store against Azurite, called directly: what the stages, the sweeper, the case timers and
 * listing rely on from it (races lost as StaleTicketError, one partner's rows never another's, bounded scans, which
 * storage answers are the caller's mistake and which an outage). The relay suites reach the same code through HTTP.
 */
const T0 = '2026-03-01T12:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms);

function aTicket(partnerTenantId: string, ticketId: string, extra: Partial<Ticket> = {}): Ticket {
  return anyTicket(partnerTenantId, { ticketId, createdAt: T0, updatedAt: T0, ...extra });
}

const outboxOf = (ticket: Ticket): OutboxEntry => ({
  queue: 'eligibility',
  message: { messageId: `${ticket.ticketId}:eligibility`, body: { ticketId: ticket.ticketId, partnerTenantId: ticket.partnerTenantId } },
});

const idem = (ticket: Ticket, key: string, toolId = ticket.toolId): IdempotencyRecord => ({
  toolId,
  key,
  fingerprint: 'f'.repeat(64),
  ticketId: ticket.ticketId,
  response: { ticketId: ticket.ticketId, status: 'received' },
});

const newPartner = () => randomUUID();
const moved = (s: StoredTicket, status: TicketStatus, extra: Partial<Ticket> = {}): Ticket => ({
  ...s.ticket,
  status,
  updatedAt: at(1000).toISOString(),
  ...extra,
});

describe('ticket store (Table Storage)', () => {
  let client: TableClient;
  let clock = at(0);
  let store: TableTicketStore;

  beforeAll(async () => {
    client = TableClient.fromConnectionString(inject('tablesConnection'), `tickets${randomBytes(5).toString('hex')}`, {
      allowInsecureConnection: true,
    });
    await client.createTable();
    store = new TableTicketStore(client, () => clock);
  });

  async function created(partner: string, ticketId: string, extra: Partial<Ticket> = {}): Promise<StoredTicket> {
    const ticket = aTicket(partner, ticketId, extra);
    const result = await store.create(ticket, idem(ticket, `key-${ticketId}`), outboxOf(ticket));
    if (result.kind !== 'created') throw new Error('expected a new ticket');
    return result.stored;
  }

  describe('create and read', () => {
    it('when a ticket is created, then it reads back at version 1 with one "received" history row and its idempotency record', async () => {
      const partner = newPartner();
      const stored = await created(partner, 'T-create');
      expect(stored.version).toBe(1);
      expect(stored.etag).not.toBe('');
      const read = await store.get(partner, 'T-create');
      expect(read).toEqual({
        ticket: aTicket(partner, 'T-create', { correlationId: stored.ticket.correlationId }),
        etag: stored.etag,
        version: 1,
      });
      expect(await store.history(partner, 'T-create')).toEqual([{ at: T0, status: 'received', note: 'received' }]);
      expect(await store.findIdempotency(partner, 'tool-1', 'key-T-create')).toMatchObject({ ticketId: 'T-create', key: 'key-T-create' });
    });

    it('when the same tool sends the same key again, then the first record comes back as a duplicate and no second ticket exists', async () => {
      const partner = newPartner();
      await created(partner, 'T-first');
      const again = aTicket(partner, 'T-second');
      const result = await store.create(again, idem(again, 'key-T-first'), outboxOf(again));
      expect(result).toEqual({ kind: 'duplicate', record: expect.objectContaining({ ticketId: 'T-first', key: 'key-T-first' }) });
      expect(await store.get(partner, 'T-second')).toBeNull();
    });

    it('when another tool of the same partner sends the same key, then it is a new ticket: keys are per tool', async () => {
      const partner = newPartner();
      await created(partner, 'T-tool1');
      const other = aTicket(partner, 'T-tool2', { toolId: 'tool-2' });
      const result = await store.create(other, idem(other, 'key-T-tool1'), outboxOf(other));
      expect(result.kind).toBe('created');
      expect(await store.findIdempotency(partner, 'tool-2', 'key-T-tool1')).toMatchObject({ ticketId: 'T-tool2' });
      expect(await store.findIdempotency(partner, 'tool-1', 'key-T-tool1')).toMatchObject({ ticketId: 'T-tool1' });
    });

    it('when another partner asks for a ticket or a key, then it gets nothing (positive control: the owner does)', async () => {
      const owner = newPartner();
      await created(owner, 'T-own');
      const stranger = newPartner();
      expect(await store.get(stranger, 'T-own')).toBeNull();
      expect(await store.history(stranger, 'T-own')).toEqual([]);
      expect(await store.findIdempotency(stranger, 'tool-1', 'key-T-own')).toBeNull();
      expect(await store.get(owner, 'T-own')).not.toBeNull();
    });
  });

  describe('steps (advance) and bookkeeping (save)', () => {
    it('when a step passes through states, then the version counts every row and the history lists them in order', async () => {
      const partner = newPartner();
      const s1 = await created(partner, 'T-through');
      const checked = moved(s1, 'checked');
      const routed = moved(s1, 'routed');
      const s3 = await store.advance(s1, routed, 'routed to the partner', 'unchanged', {
        through: [{ ticket: checked, note: 'eligible' }],
      });
      expect(s3.version).toBe(3);
      expect((await store.get(partner, 'T-through'))?.version).toBe(3);
      expect((await store.history(partner, 'T-through')).map((h) => [h.status, h.note])).toEqual([
        ['received', 'received'],
        ['checked', 'eligible'],
        ['routed', 'routed to the partner'],
      ]);
    });

    it('when a ticket has ten or more steps, then its history still reads in step order', async () => {
      const partner = newPartner();
      let s = await created(partner, 'T-many');
      for (let i = 2; i <= 12; i++) s = await store.advance(s, moved(s, 'received'), `step ${i}`, 'unchanged');
      const notes = (await store.history(partner, 'T-many')).map((h) => h.note);
      expect(notes).toEqual(['received', ...Array.from({ length: 11 }, (_, i) => `step ${i + 2}`)]);
    });

    it("when one ticket's id starts with another's, then each history holds only its own rows", async () => {
      const partner = newPartner();
      const short = await created(partner, 'T-7');
      const long = await created(partner, 'T-77');
      await store.advance(long, moved(long, 'checked'), 'the longer id', 'unchanged');
      expect((await store.history(partner, 'T-7')).map((h) => h.note)).toEqual(['received']);
      expect((await store.history(partner, 'T-77')).map((h) => h.note)).toEqual(['received', 'the longer id']);
      expect(short.version).toBe(1);
    });

    it('when a note is longer than 1,000 characters, then its first 1,000 are kept', async () => {
      const partner = newPartner();
      const s = await created(partner, 'T-note');
      await store.advance(s, moved(s, 'checked'), 'x'.repeat(1500), 'unchanged');
      expect((await store.history(partner, 'T-note'))[1]?.note).toBe('x'.repeat(1000));
    });

    it("when two workers advance the same version, then the second gets StaleTicketError and the first one's step stands", async () => {
      const partner = newPartner();
      const s = await created(partner, 'T-race');
      await store.advance(s, moved(s, 'checked'), 'first', 'unchanged');
      await expect(store.advance(s, moved(s, 'failed'), 'second', 'unchanged')).rejects.toBeInstanceOf(StaleTicketError);
      const now = await store.get(partner, 'T-race');
      expect(now?.ticket.status).toBe('checked');
      expect((await store.history(partner, 'T-race')).map((h) => h.note)).toEqual(['received', 'first']);
    });

    it("when bookkeeping was saved since a worker read the ticket, then that worker's step is stale and the bookkeeping stays", async () => {
      const partner = newPartner();
      const read = await created(partner, 'T-saved-meanwhile');
      await store.save(read, { ...read.ticket, routedAt: T0 });
      await expect(store.advance(read, moved(read, 'checked'), 'from the old read', 'unchanged')).rejects.toBeInstanceOf(StaleTicketError);
      expect((await store.get(partner, 'T-saved-meanwhile'))?.ticket).toMatchObject({ status: 'received', routedAt: T0 });
    });

    it('when a step would break the lifecycle, then IllegalTransitionError is thrown and nothing is written', async () => {
      const partner = newPartner();
      const s = await created(partner, 'T-illegal');
      await expect(store.advance(s, moved(s, 'notified'), 'skip ahead', 'unchanged')).rejects.toBeInstanceOf(IllegalTransitionError);
      await expect(store.save(s, moved(s, 'closed'))).rejects.toBeInstanceOf(IllegalTransitionError);
      // A state passed through is checked against the one before it, not against the current one.
      await expect(
        store.advance(s, moved(s, 'routed'), 'through', 'unchanged', { through: [{ ticket: moved(s, 'held'), note: 'held' }] }),
      ).rejects.toBeInstanceOf(IllegalTransitionError);
      expect((await store.get(partner, 'T-illegal'))?.version).toBe(1);
    });

    it('when bookkeeping is saved, then the ticket changes at the same version with no history row, and a stale save is refused', async () => {
      const partner = newPartner();
      const s = await created(partner, 'T-save');
      const saved = await store.save(s, { ...s.ticket, routedAt: T0 });
      expect(saved.version).toBe(1);
      expect(saved.etag).not.toBe(s.etag);
      expect((await store.get(partner, 'T-save'))?.ticket.routedAt).toBe(T0);
      expect(await store.history(partner, 'T-save')).toHaveLength(1);
      await expect(store.save(s, { ...s.ticket, routedAt: at(5).toISOString() })).rejects.toBeInstanceOf(StaleTicketError);
      // The next step still gets version 2: save did not take its history key.
      expect((await store.advance(saved, moved(saved, 'checked'), 'next', 'unchanged')).version).toBe(2);
    });
  });

  describe('the outbox and its sweeper', () => {
    it('when a ticket is created, then its message is owed once the grace period has passed, not before', async () => {
      const partner = newPartner();
      clock = at(0);
      const s = await created(partner, 'T-owed');
      expect(await store.pendingOutbox(partner, at(0), 10)).toEqual([]);
      const owed = await store.pendingOutbox(partner, at(1), 10);
      expect(owed).toEqual([{ ticketId: 'T-owed', entry: outboxOf(s.ticket), etag: expect.any(String), sweeps: 0 }]);
    });

    it("when a step clears the outbox, then nothing is owed; 'unchanged' keeps it owed; a new entry replaces it", async () => {
      const partner = newPartner();
      clock = at(0);
      const s1 = await created(partner, 'T-clear');
      const s2 = await store.advance(s1, moved(s1, 'checked'), 'kept', 'unchanged');
      expect(await store.pendingOutbox(partner, at(1), 10)).toHaveLength(1);
      const next: OutboxEntry = { queue: 'routing', message: { messageId: 'routing-1', body: { step: 'routing' } } };
      const s3 = await store.advance(s2, moved(s2, 'routed'), 'replaced', next);
      expect((await store.pendingOutbox(partner, at(1), 10)).map((p) => p.entry)).toEqual([next]);
      await store.advance(s3, moved(s3, 'recorded'), 'cleared', null);
      expect(await store.pendingOutbox(partner, at(1), 10)).toEqual([]);
    });

    it('when the sweeper republishes, then the row waits a new grace period and counts the sweep', async () => {
      const partner = newPartner();
      clock = at(0);
      await created(partner, 'T-swept');
      const [row] = await store.pendingOutbox(partner, at(1), 10);
      clock = at(60_000);
      await store.markSwept(partner, 'T-swept', row!.etag, 1);
      expect(await store.pendingOutbox(partner, at(60_000), 10)).toEqual([]);
      expect(await store.pendingOutbox(partner, at(60_001), 10)).toMatchObject([{ ticketId: 'T-swept', sweeps: 1 }]);
    });

    it('when the ticket moved on since the sweeper read the row, then the sweep is dropped quietly', async () => {
      const partner = newPartner();
      clock = at(0);
      const s = await created(partner, 'T-moved');
      const [row] = await store.pendingOutbox(partner, at(1), 10);
      await store.advance(s, moved(s, 'checked'), 'moved on', { queue: 'routing', message: { messageId: 'routing-2', body: {} } });
      clock = at(60_000);
      await expect(store.markSwept(partner, 'T-moved', row!.etag, 1)).resolves.toBeUndefined();
      expect(await store.pendingOutbox(partner, at(1), 10)).toMatchObject([{ ticketId: 'T-moved', sweeps: 0 }]);
      await expect(store.markSwept(partner, 'T-gone', row!.etag, 1)).resolves.toBeUndefined();
    });

    it('when more rows are owed than asked for, then at most that many come back', async () => {
      const partner = newPartner();
      clock = at(0);
      for (const id of ['T-o1', 'T-o2', 'T-o3']) await created(partner, id);
      expect(await store.pendingOutbox(partner, at(1), 2)).toHaveLength(2);
      expect(await store.pendingOutbox(partner, at(1), 3)).toHaveLength(3);
      expect(await store.pendingOutbox(partner, at(1), 1)).toHaveLength(1);
    });
  });

  describe('case timers (dueCases)', () => {
    const awaiting = (due: string): TicketCase => ({ state: 'awaiting-filing', reminderDueAt: due });
    const filed = (next: string): TicketCase => ({
      state: 'filed',
      microsoftCaseId: '2603010010001234',
      followUp: { nextPollAt: next, seen: [] },
    });

    it('when reminders and follow-ups are due, then each timer finds its own cases due by now, the boundary included', async () => {
      const partner = newPartner();
      await created(partner, 'T-due', { case: awaiting(at(0).toISOString()) });
      await created(partner, 'T-later', { case: awaiting(at(1).toISOString()) });
      await created(partner, 'T-sent', { case: { state: 'awaiting-filing' } });
      await created(partner, 'T-poll', { case: filed(at(0).toISOString()) });
      await created(partner, 'T-nopoll', { case: { state: 'filed', microsoftCaseId: '2603010010009999' } });
      await created(partner, 'T-closed', { case: { state: 'closed', reminderDueAt: at(0).toISOString() } });
      const ids = (list: StoredTicket[]) => list.map((s) => s.ticket.ticketId).sort();
      expect(ids(await store.dueCases(partner, 'reminder', at(0), 10))).toEqual(['T-due']);
      expect(ids(await store.dueCases(partner, 'reminder', at(1), 10))).toEqual(['T-due', 'T-later']);
      expect(ids(await store.dueCases(partner, 'follow-up', at(0), 10))).toEqual(['T-poll']);
      expect(ids(await store.dueCases(partner, 'follow-up', at(-1), 10))).toEqual([]);
      const [due] = await store.dueCases(partner, 'reminder', at(0), 10);
      expect(due).toMatchObject({ version: 1, etag: expect.any(String) });
    });

    it('when more cases are due than asked for, then at most that many come back', async () => {
      const partner = newPartner();
      for (const id of ['T-d1', 'T-d2', 'T-d3']) await created(partner, id, { case: awaiting(at(0).toISOString()) });
      expect(await store.dueCases(partner, 'reminder', at(0), 2)).toHaveLength(2);
      expect(await store.dueCases(partner, 'reminder', at(0), 1)).toHaveLength(1);
      expect(await store.dueCases(partner, 'reminder', at(0), 5)).toHaveLength(3);
    });

    it("when a case's timer moves on in a step, then the stored due date follows it", async () => {
      const partner = newPartner();
      const s = await created(partner, 'T-timer', { case: awaiting(at(0).toISOString()) });
      await store.save(s, { ...s.ticket, case: { state: 'awaiting-filing' } });
      expect(await store.dueCases(partner, 'reminder', at(10), 10)).toEqual([]);
    });
  });

  describe('listing', () => {
    it('when tickets are filtered by reference, status, case state or date, then only matching tickets come back', async () => {
      const partner = newPartner();
      await created(partner, 'T-a', { request: { ...aTicket(partner, 'x').request, externalRef: 'PSA-1' } });
      const b = await created(partner, 'T-b', { createdAt: at(10_000).toISOString(), case: { state: 'awaiting-filing' } });
      await store.advance(b, moved(b, 'checked'), 'checked', 'unchanged');
      const ids = async (query: Parameters<TableTicketStore['list']>[1]) =>
        (await store.list(partner, query)).items.map((t) => t.ticketId).sort();
      expect(await ids({ limit: 10 })).toEqual(['T-a', 'T-b']);
      expect(await ids({ limit: 10, externalRef: 'PSA-1' })).toEqual(['T-a']);
      expect(await ids({ limit: 10, status: 'checked' })).toEqual(['T-b']);
      expect(await ids({ limit: 10, caseState: 'awaiting-filing' })).toEqual(['T-b']);
      expect(await ids({ limit: 10, since: at(10_000) })).toEqual(['T-b']);
      expect(await ids({ limit: 10, since: at(10_001) })).toEqual([]);
    });

    it('when a partner pages with limit 1, then every ticket comes once, history and outbox rows are not tickets, and the last page has no cursor', async () => {
      const partner = newPartner();
      for (const id of ['T-p1', 'T-p2', 'T-p3']) await created(partner, id);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await store.list(partner, { limit: 1, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((t) => t.ticketId));
        if (!page.cursor) break;
        cursor = page.cursor;
      }
      expect(seen).toEqual(['T-p1', 'T-p2', 'T-p3']);
    });

    it("when a cursor is garbled or was issued to another partner, then InvalidCursorError (positive control: the owner's cursor works)", async () => {
      const owner = newPartner();
      for (const id of ['T-c1', 'T-c2']) await created(owner, id);
      const first = await store.list(owner, { limit: 1 });
      expect(first.cursor).not.toBeNull();
      await expect(store.list(newPartner(), { limit: 1, cursor: first.cursor! })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.list(owner, { limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      expect((await store.list(owner, { limit: 1, cursor: first.cursor! })).items.map((t) => t.ticketId)).toEqual(['T-c2']);
    });
  });

  describe("storage's answers: the caller's mistake or an outage", () => {
    const storageError = (statusCode: number | undefined) =>
      Object.assign(new Error(`storage said ${statusCode ?? 'nothing'}`), statusCode === undefined ? {} : { statusCode });
    /** A table client whose every call fails with `statusCode` (point reads with `readStatus`); undefined: no answer at all. */
    const failing = (statusCode: number | undefined, readStatus = statusCode) => {
      const error = storageError(statusCode);
      const fail = () => Promise.reject(error);
      const client = {
        getEntity: () => Promise.reject(readStatus === statusCode ? error : storageError(readStatus)),
        submitTransaction: fail,
        updateEntity: fail,
        listEntities: () => ({
          // eslint-disable-next-line require-yield -- a scan that fails on its first read
          async *[Symbol.asyncIterator]() {
            throw error;
          },
          byPage: () => ({
            // eslint-disable-next-line require-yield -- a page read that fails
            async *[Symbol.asyncIterator]() {
              throw error;
            },
          }),
        }),
      } as unknown as TableClient;
      return { store: new TableTicketStore(client, () => clock), error };
    };
    const partner = '11111111-1111-4111-8111-111111111111';
    const stored: StoredTicket = { ticket: aTicket(partner, 'T-x'), etag: 'W/"1"', version: 1 };

    it.each([408, 429, 500, 503, undefined])(
      'when storage answers %s, then every operation reports StorageUnavailableError',
      async (status) => {
        const { store: s } = failing(status);
        const t = stored.ticket;
        await expect(s.get(partner, 'T-x')).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.findIdempotency(partner, 'tool-1', 'k')).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.history(partner, 'T-x')).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.create(t, idem(t, 'k'), outboxOf(t))).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.advance(stored, { ...t, status: 'checked' }, 'n', 'unchanged')).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.save(stored, t)).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.list(partner, { limit: 1 })).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.dueCases(partner, 'reminder', at(0), 1)).rejects.toBeInstanceOf(StorageUnavailableError);
        await expect(s.pendingOutbox(partner, at(0), 1)).rejects.toBeInstanceOf(StorageUnavailableError);
      },
    );

    it.each([400, 403, 413])(
      'when storage refuses the request itself (%s), then that answer is passed on, not reported as an outage',
      async (status) => {
        const { store: s, error } = failing(status);
        const t = stored.ticket;
        await expect(s.get(partner, 'T-x')).rejects.toBe(error);
        await expect(s.history(partner, 'T-x')).rejects.toBe(error);
        await expect(s.advance(stored, { ...t, status: 'checked' }, 'n', 'unchanged')).rejects.toBe(error);
        await expect(s.save(stored, t)).rejects.toBe(error);
        await expect(s.list(partner, { limit: 1 })).rejects.toBe(error);
        await expect(s.dueCases(partner, 'reminder', at(0), 1)).rejects.toBe(error);
        await expect(s.pendingOutbox(partner, at(0), 1)).rejects.toBe(error);
      },
    );

    it('when a read finds nothing (404), then it is null; when a write conflicts without an idempotency row, then it is an outage', async () => {
      expect(await failing(404).store.get(partner, 'T-x')).toBeNull();
      expect(await failing(404).store.findIdempotency(partner, 'tool-1', 'k')).toBeNull();
      const t = stored.ticket;
      // 409 on create means the key was taken; with no record to replay the relay cannot answer the caller yet.
      // A refused transaction that is not a conflict is passed on as it is, without looking for an idempotency row.
      const refused = failing(400, 404);
      await expect(refused.store.create(t, idem(t, 'k'), outboxOf(t))).rejects.toBe(refused.error);
      await expect(failing(409, 404).store.create(t, idem(t, 'k'), outboxOf(t))).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(failing(409).store.advance(stored, { ...t, status: 'checked' }, 'n', 'unchanged')).rejects.toBeInstanceOf(
        StaleTicketError,
      );
      await expect(failing(412).store.advance(stored, { ...t, status: 'checked' }, 'n', 'unchanged')).rejects.toBeInstanceOf(
        StaleTicketError,
      );
      await expect(failing(412).store.save(stored, t)).rejects.toBeInstanceOf(StaleTicketError);
    });

    it('when storage refuses a continuation token, then that is an invalid cursor (400), but without a cursor it is passed on', async () => {
      const { store: s, error } = failing(400);
      const owner = newPartner();
      for (const id of ['T-r1', 'T-r2']) await created(owner, id);
      const { cursor } = await store.list(owner, { limit: 1 });
      await expect(s.list(owner, { limit: 1, cursor: cursor! })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(s.list(owner, { limit: 1 })).rejects.toBe(error);
      await expect(failing(503).store.list(owner, { limit: 1, cursor: cursor! })).rejects.toBeInstanceOf(StorageUnavailableError);
    });

    it('when the sweep is refused for a reason other than a moved or deleted row, then the sweeper hears of it', async () => {
      await expect(failing(500).store.markSwept(partner, 'T-x', 'W/"1"', 1)).rejects.toThrow('storage said 500');
      await expect(failing(412).store.markSwept(partner, 'T-x', 'W/"1"', 1)).resolves.toBeUndefined();
      await expect(failing(404).store.markSwept(partner, 'T-x', 'W/"1"', 1)).resolves.toBeUndefined();
    });
  });
});
