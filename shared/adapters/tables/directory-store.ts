import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { Customer, Directory, Partner } from '../../domain/directory.js';
import type { DirectoryReader, DirectoryWriter } from '../../ports/directory.js';
import { encodeKey, packJson, unpackJson } from './keys.js';
import { isNotFound } from './table-clients.js';
import { forEachLimited } from '../../concurrency.js';

/**
 * The directory on Table Storage: one row per partner (`partner|<tenantId>`) and per customer (`customer|<tenantId>`),
 * RowKey = the import generation. An import writes a whole new generation, then flips the `meta/current` pointer:
 * readers see the old directory or the new one, never a mix, and a failed import changes nothing they can see.
 */
const META = { partitionKey: 'meta', rowKey: 'current' };
/** Lookups re-read the generation pointer at most this often, so an import is live within a second or two. */
const POINTER_TTL_MS = 1_000;
const WRITE_CONCURRENCY = 32;
/**
 * Entries read within a generation are kept briefly: the routing stage reads the same partner and customer the
 * eligibility stage read milliseconds earlier. Keyed by generation, so an import is never hidden by the cache.
 */
const ENTRY_TTL_MS = 5_000;
const MAX_CACHED = 10_000;

export class TableDirectory implements DirectoryReader, DirectoryWriter {
  private pointer: { generation: string | null; readAt: number } | null = null;
  private pointerRead: Promise<string | null> | null = null;
  private readonly entries = new Map<string, { value: unknown; readAt: number }>();

  constructor(
    private readonly client: TableClient,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async getPartner(tenantId: string): Promise<Partner | null> {
    return this.lookup<Partner>('partner', tenantId);
  }

  async getCustomer(tenantId: string): Promise<Customer | null> {
    return this.lookup<Customer>('customer', tenantId);
  }

  async replace(directory: Directory, onProgress?: (done: number, total: number) => void): Promise<void> {
    const previous = await this.readGeneration();
    const generation = `g${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    const rows = [
      ...directory.partners.map((p) => ({ kind: 'partner', tenantId: p.tenantId, value: p })),
      ...directory.customers.map((c) => ({ kind: 'customer', tenantId: c.tenantId, value: c })),
    ];
    let done = 0;
    await forEachLimited(rows, WRITE_CONCURRENCY, async (row) => {
      await this.client.upsertEntity(
        {
          partitionKey: `${row.kind}|${encodeKey(row.tenantId.toLowerCase())}`,
          rowKey: generation,
          kind: row.kind,
          ...packJson(row.value),
        },
        'Replace',
      );
      onProgress?.(++done, rows.length);
    });
    await this.client.upsertEntity({ ...META, generation }, 'Replace');
    this.pointer = { generation, readAt: this.now() };
    if (previous) await this.deleteGeneration(previous);
  }

  async export(): Promise<Directory> {
    const generation = await this.readGeneration();
    const directory: Directory = { partners: [], customers: [] };
    if (!generation) return directory;
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `RowKey eq '${generation}'` } })) {
      if (e.kind === 'partner') directory.partners.push(unpackJson<Partner>(e));
      else if (e.kind === 'customer') directory.customers.push(unpackJson<Customer>(e));
    }
    return directory;
  }

  private async lookup<T>(kind: string, tenantId: string): Promise<T | null> {
    const generation = await this.currentGeneration();
    if (!generation) return null;
    const pk = `${kind}|${encodeKey(tenantId.toLowerCase())}`;
    const key = `${generation}/${pk}`;
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.readAt < ENTRY_TTL_MS) return structuredClone(cached.value) as T | null;
    let value: T | null;
    try {
      value = unpackJson<T>(await this.client.getEntity<Record<string, unknown>>(pk, generation));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      value = null;
    }
    if (this.entries.size >= MAX_CACHED) this.entries.clear();
    this.entries.set(key, { value, readAt: this.now() });
    return structuredClone(value);
  }

  private async currentGeneration(): Promise<string | null> {
    if (this.pointer && this.now() - this.pointer.readAt < POINTER_TTL_MS) return this.pointer.generation;
    // The partner and customer lookups of one request run together: they share one pointer read, not two.
    this.pointerRead ??= this.readGeneration().finally(() => (this.pointerRead = null));
    const generation = await this.pointerRead;
    this.pointer = { generation, readAt: this.now() };
    return generation;
  }

  private async readGeneration(): Promise<string | null> {
    try {
      return String((await this.client.getEntity<{ generation: string }>(META.partitionKey, META.rowKey)).generation);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async deleteGeneration(generation: string): Promise<void> {
    const keys: { pk: string; rk: string }[] = [];
    for await (const e of this.client.listEntities({
      queryOptions: { filter: `RowKey eq '${generation}'`, select: ['PartitionKey', 'RowKey'] },
    })) {
      keys.push({ pk: String(e.partitionKey), rk: String(e.rowKey) });
    }
    await forEachLimited(keys, WRITE_CONCURRENCY, (k) =>
      this.client.deleteEntity(k.pk, k.rk).then(
        () => undefined,
        () => undefined,
      ),
    );
  }
}
