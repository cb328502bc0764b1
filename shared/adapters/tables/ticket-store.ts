import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { checkTransition, type HistoryEntry, type Ticket } from '../../domain/ticket.js';
import { deliveryEntity } from './delivery-log.js';
import type {
  CreateResult,
  IdempotencyRecord,
  OutboxEntry,
  PendingOutbox,
  StepExtras,
  StoredTicket,
  TicketQuery,
  TicketStore,
} from '../../ports/ticket-store.js';
import { InvalidCursorError, StaleTicketError, StorageUnavailableError } from '../../ports/ticket-store.js';
import { encodeKey, packJson, sha256Hex, unpackJson } from './keys.js';
import { decodeCursor, encodeCursor, MAX_PAGES_PER_LIST } from './list-cursor.js';
import { isClientError, isConflict, isNotFound, isPreconditionFailed } from './table-clients.js';

/**
 * Tickets on Table Storage. PartitionKey = partner tenant id, so a ticket, its history, its idempotency row and its
 * outbox row change together in one entity-group transaction, and no lookup can cross partners.
 * Row keys: `t|<ticketId>` ticket, `h|<ticketId>|<version>` history, `i|<hash>` idempotency, `o|<ticketId>` outbox.
 */
type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

const ticketKey = (ticketId: string) => `t|${encodeKey(ticketId)}`;
const historyKey = (ticketId: string, version: number) => `h|${encodeKey(ticketId)}|${String(version).padStart(6, '0')}`;
const outboxKey = (ticketId: string) => `o|${encodeKey(ticketId)}`;
const idempotencyKey = (toolId: string, key: string) => `i|${sha256Hex(`${toolId}\n${key}`)}`;

export class TableTicketStore implements TicketStore {
  constructor(
    private readonly client: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(ticket: Ticket, idem: IdempotencyRecord, outbox: OutboxEntry): Promise<CreateResult> {
    const pk = encodeKey(ticket.partnerTenantId);
    const actions: TransactionAction[] = [
      ['create', { partitionKey: pk, rowKey: idempotencyKey(idem.toolId, idem.key), ...packJson(idem) }],
      ['create', this.ticketEntity(ticket, 1)],
      ['create', this.historyEntity(ticket, 1, 'received')],
      ['upsert', this.outboxEntity(ticket, outbox), 'Replace'],
    ];
    try {
      const result = await this.guard(() => this.client.submitTransaction(actions));
      const etag = result.subResponses[1]?.etag ?? '';
      return { kind: 'created', stored: { ticket, etag, version: 1 } };
    } catch (error) {
      if (!isConflict(error)) throw error;
      const record = await this.findIdempotency(ticket.partnerTenantId, idem.toolId, idem.key);
      if (!record) throw new StorageUnavailableError(error);
      return { kind: 'duplicate', record };
    }
  }

  async findIdempotency(partnerTenantId: string, toolId: string, key: string): Promise<IdempotencyRecord | null> {
    const entity = await this.read(encodeKey(partnerTenantId), idempotencyKey(toolId, key));
    return entity ? unpackJson<IdempotencyRecord>(entity) : null;
  }

  async get(partnerTenantId: string, ticketId: string): Promise<StoredTicket | null> {
    const entity = await this.read(encodeKey(partnerTenantId), ticketKey(ticketId));
    return entity ? this.toStored(entity) : null;
  }

  async history(partnerTenantId: string, ticketId: string): Promise<HistoryEntry[]> {
    const prefix = `h|${encodeKey(ticketId)}|`;
    const filter = `PartitionKey eq '${q(encodeKey(partnerTenantId))}' and RowKey gt '${q(prefix)}' and RowKey lt '${q(prefix)}~'`;
    const out: HistoryEntry[] = [];
    await this.guard(async () => {
      for await (const e of this.client.listEntities<Entity>({ queryOptions: { filter } })) {
        out.push({ at: String(e.at), status: e.status as HistoryEntry['status'], note: String(e.note) });
      }
    });
    return out;
  }

  async advance(
    current: StoredTicket,
    next: Ticket,
    note: string,
    outbox: OutboxEntry | null | 'unchanged',
    extra: StepExtras = {},
  ): Promise<StoredTicket> {
    const steps = [...(extra.through ?? []), { ticket: next, note }];
    steps.forEach((step, i) => checkTransition(i === 0 ? current.ticket : steps[i - 1]!.ticket, step.ticket));
    const version = current.version + steps.length;
    const actions: TransactionAction[] = [
      ['update', this.ticketEntity(next, version), 'Replace', { etag: current.etag }],
      ...steps.map((step, i): TransactionAction => ['create', this.historyEntity(step.ticket, current.version + 1 + i, step.note)]),
    ];
    if (outbox !== 'unchanged') actions.push(['upsert', this.outboxEntity(next, outbox), 'Replace']);
    // Deliveries sit in the ticket's partition, so the attempt's record commits (or not) with the step it belongs to.
    if (extra.delivery) actions.push(['upsert', deliveryEntity(extra.delivery), 'Replace']);
    try {
      const result = await this.guard(() => this.client.submitTransaction(actions));
      return { ticket: next, etag: result.subResponses[0]?.etag ?? '', version };
    } catch (error) {
      // A history row for this version already existing means another worker committed this version first.
      if (isPreconditionFailed(error) || isConflict(error)) throw new StaleTicketError(next.ticketId);
      throw error;
    }
  }

  async save(current: StoredTicket, next: Ticket): Promise<StoredTicket> {
    checkTransition(current.ticket, next);
    // Same version: no history row is written, so the next step's history key stays free.
    try {
      const result = await this.guard(() =>
        this.client.updateEntity(this.ticketEntity(next, current.version), 'Replace', { etag: current.etag }),
      );
      return { ticket: next, etag: result.etag ?? '', version: current.version };
    } catch (error) {
      if (isPreconditionFailed(error)) throw new StaleTicketError(next.ticketId);
      throw error;
    }
  }

  async list(partnerTenantId: string, query: TicketQuery): Promise<{ items: Ticket[]; cursor: string | null }> {
    const pk = encodeKey(partnerTenantId);
    const clauses = [`PartitionKey eq '${q(pk)}'`, `RowKey gt 't|'`, `RowKey lt 't|~'`];
    if (query.externalRef) clauses.push(`externalRef eq '${q(query.externalRef)}'`);
    if (query.status) clauses.push(`status eq '${q(query.status)}'`);
    if (query.caseState) clauses.push(`caseState eq '${q(query.caseState)}'`);
    if (query.since) clauses.push(`createdAt ge '${query.since.toISOString()}'`);
    // A cursor we did not issue to this partner (garbled, forged, another partner's) is the caller's mistake (400).
    const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, pk);
    if (start === null) throw new InvalidCursorError();
    const pages = this.client
      .listEntities<Entity>({ queryOptions: { filter: clauses.join(' and ') } })
      .byPage({ maxPageSize: query.limit, ...(start ? { continuationToken: start } : {}) });
    try {
      return await this.guard(async () => {
        // A filtered page may come back short or empty with a token (the service scans at most 1,000 rows per page).
        // Keep reading for a page's worth, but never more than MAX_PAGES_PER_LIST pages: a filter that matches little
        // in a large partition answers with what it has and a cursor, instead of scanning the partition in one request.
        const items: Ticket[] = [];
        let token: string | undefined;
        let read = 0;
        for await (const page of pages) {
          for (const e of page) items.push(unpackJson<Ticket>(e));
          token = page.continuationToken;
          if (items.length >= query.limit || !token || ++read >= MAX_PAGES_PER_LIST) break;
        }
        return { items: items.slice(0, query.limit), cursor: token ? encodeCursor(token, pk) : null };
      });
    } catch (error) {
      // Storage refusing a continuation token (too long, not one of its own) is about the cursor, not an outage.
      if (start && isClientError(error)) throw new InvalidCursorError();
      throw error;
    }
  }

  async dueCases(partnerTenantId: string, timer: 'reminder' | 'follow-up', now: Date, max: number): Promise<StoredTicket[]> {
    const [state, column] = timer === 'reminder' ? ['awaiting-filing', 'reminderDueAt'] : ['filed', 'followUpDueAt'];
    const filter =
      `PartitionKey eq '${q(encodeKey(partnerTenantId))}' and RowKey gt 't|' and RowKey lt 't|~' and caseState eq '${state}' ` +
      `and ${column} gt '' and ${column} le '${now.toISOString()}'`;
    const out: StoredTicket[] = [];
    await this.guard(async () => {
      for await (const e of this.client.listEntities<Entity>({ queryOptions: { filter } })) {
        out.push(this.toStored(e));
        if (out.length >= max) break;
      }
    });
    return out;
  }

  async pendingOutbox(partnerTenantId: string, olderThan: Date, max: number): Promise<PendingOutbox[]> {
    const filter = `PartitionKey eq '${q(encodeKey(partnerTenantId))}' and RowKey gt 'o|' and RowKey lt 'o|~' and pending eq true and writtenAt lt '${olderThan.toISOString()}'`;
    const out: PendingOutbox[] = [];
    await this.guard(async () => {
      for await (const e of this.client.listEntities<Entity>({ queryOptions: { filter } })) {
        out.push({ ticketId: String(e.ticketId), entry: unpackJson<OutboxEntry>(e), etag: String(e.etag), sweeps: Number(e.sweeps ?? 0) });
        if (out.length >= max) break;
      }
    });
    return out;
  }

  async markSwept(partnerTenantId: string, ticketId: string, etag: string, sweeps: number): Promise<void> {
    const entity = { partitionKey: encodeKey(partnerTenantId), rowKey: outboxKey(ticketId), writtenAt: this.now().toISOString(), sweeps };
    await this.client.updateEntity(entity, 'Merge', { etag }).catch((error: unknown) => {
      if (!isPreconditionFailed(error) && !isNotFound(error)) throw error;
    });
  }

  private ticketEntity(ticket: Ticket, version: number): Entity {
    return {
      partitionKey: encodeKey(ticket.partnerTenantId),
      rowKey: ticketKey(ticket.ticketId),
      version,
      status: ticket.status,
      nextStage: ticket.nextStage,
      externalRef: ticket.request.externalRef ?? '',
      createdAt: ticket.createdAt,
      // Columns the case timers and the caseState filter query on (the JSON below stays the truth).
      caseState: ticket.case?.state ?? '',
      reminderDueAt: ticket.case?.reminderDueAt ?? '',
      followUpDueAt: ticket.case?.followUp?.nextPollAt ?? '',
      ...packJson(ticket),
    };
  }

  private historyEntity(ticket: Ticket, version: number, note: string): Entity {
    return {
      partitionKey: encodeKey(ticket.partnerTenantId),
      rowKey: historyKey(ticket.ticketId, version),
      at: ticket.updatedAt,
      status: ticket.status,
      note: note.slice(0, 1000),
    };
  }

  private outboxEntity(ticket: Ticket, outbox: OutboxEntry | null): Entity {
    const base = { partitionKey: encodeKey(ticket.partnerTenantId), rowKey: outboxKey(ticket.ticketId), ticketId: ticket.ticketId };
    return outbox
      ? { ...base, pending: true, writtenAt: this.now().toISOString(), ...packJson(outbox) }
      : { ...base, pending: false, writtenAt: this.now().toISOString() };
  }

  private toStored(entity: TableEntityResult<Record<string, unknown>>): StoredTicket {
    return { ticket: unpackJson<Ticket>(entity), etag: entity.etag, version: Number(entity.version) };
  }

  private async read(pk: string, rk: string): Promise<TableEntityResult<Record<string, unknown>> | null> {
    try {
      return await this.guard(() => this.client.getEntity<Record<string, unknown>>(pk, rk));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Turns network failures into StorageUnavailableError (503 at intake); keeps 4xx answers for the caller to read. */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status < 500 && status !== 408 && status !== 429) throw error;
      throw new StorageUnavailableError(error);
    }
  }
}

/** OData string literal: single quotes doubled. */
const q = (value: string) => value.replace(/'/g, "''");
