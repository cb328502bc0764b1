import type { TableClient } from '@azure/data-tables';
import type { WatchRecord, WatchScope, WatchStore } from '../../ports/watch-store.js';
import { encodeKey, packJson, unpackJson } from './keys.js';

/** One partition per partner and scope (`access|<tenant>`, `incident|<tenant>`), one row per subject. */
const partition = (scope: WatchScope, partnerTenantId: string) => `${scope}|${encodeKey(partnerTenantId.toLowerCase())}`;

export class TableWatchStore implements WatchStore {
  constructor(private readonly client: TableClient) {}

  async list(scope: WatchScope, partnerTenantId: string): Promise<WatchRecord[]> {
    const records: WatchRecord[] = [];
    const filter = `PartitionKey eq '${partition(scope, partnerTenantId).replace(/'/g, "''")}'`;
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
      records.push(unpackJson<WatchRecord>(e));
    return records;
  }

  async save(scope: WatchScope, partnerTenantId: string, record: WatchRecord): Promise<void> {
    await this.client.upsertEntity(
      { partitionKey: partition(scope, partnerTenantId), rowKey: encodeKey(record.subject.toLowerCase()), ...packJson(record) },
      'Replace',
    );
  }
}
