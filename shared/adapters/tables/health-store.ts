import type { TableClient } from '@azure/data-tables';
import type { HealthIssue, HealthSnapshot, ServiceStatus } from '../../domain/health.js';
import type { Workload } from '../../domain/submission.js';
import type { HealthReader, HealthStore, HeldTicketRef } from '../../ports/health-store.js';
import { encodeKey, packJson, unpackJson } from './keys.js';
import { isNotFound, isPreconditionFailed } from './table-clients.js';

/**
 * Snapshots (PartitionKey `snapshot`, RowKey = source) and the hold index (PartitionKey `hold|<incidentId>`,
 * RowKey `<partner>|<ticketId>`). Snapshot replacement is conditional on the ETag, so two overlapping syncs cannot
 * both believe they saw the same incident resolve.
 */
const CACHE_MS = 2_000;

export class TableHealthStore implements HealthReader, HealthStore {
  private cache: { at: number; snapshots: HealthSnapshot[] } | null = null;

  constructor(private readonly client: TableClient, private readonly now: () => number = () => Date.now()) {}

  async currentFor(workload: Workload): Promise<{ issues: (HealthIssue & { source: string })[]; services: ServiceStatus[] }> {
    const snapshots = await this.snapshots();
    return {
      issues: snapshots.flatMap((s) => s.issues.filter((i) => i.workload === workload && !i.isResolved).map((i) => ({ ...i, source: s.source }))),
      services: snapshots.flatMap((s) => s.services.filter((x) => x.workload === workload)),
    };
  }

  async replaceSnapshot(snapshot: HealthSnapshot): Promise<{ resolvedIssueIds: string[] }> {
    for (let race = 0; race < 5; race++) {
      const current = await this.read(snapshot.source);
      const before = new Set(current ? current.snapshot.issues.filter((i) => !i.isResolved).map((i) => i.id) : []);
      const stillOpen = new Set(snapshot.issues.filter((i) => !i.isResolved).map((i) => i.id));
      const entity = { partitionKey: 'snapshot', rowKey: snapshot.source, ...packJson(snapshot) };
      try {
        if (current) await this.client.updateEntity(entity, 'Replace', { etag: current.etag });
        else await this.client.createEntity(entity);
      } catch (error) {
        if (isPreconditionFailed(error) || (error as { statusCode?: number }).statusCode === 409) continue;
        throw error;
      }
      this.cache = null;
      return { resolvedIssueIds: [...before].filter((id) => !stillOpen.has(id)) };
    }
    throw new Error(`health snapshot ${snapshot.source} kept changing; try again`);
  }

  async recordHold(incidentId: string, ref: HeldTicketRef): Promise<void> {
    await this.client.upsertEntity(
      { partitionKey: `hold|${encodeKey(incidentId)}`, rowKey: `${encodeKey(ref.partnerTenantId)}|${encodeKey(ref.ticketId)}`, ...ref },
      'Replace',
    );
  }

  async heldBy(incidentId: string): Promise<HeldTicketRef[]> {
    const out: HeldTicketRef[] = [];
    const filter = `PartitionKey eq '${`hold|${encodeKey(incidentId)}`.replace(/'/g, "''")}'`;
    for await (const e of this.client.listEntities<HeldTicketRef>({ queryOptions: { filter } })) {
      out.push({ partnerTenantId: e.partnerTenantId, ticketId: e.ticketId });
    }
    return out;
  }

  async ping(): Promise<void> {
    await this.read('manual');
  }

  private async snapshots(): Promise<HealthSnapshot[]> {
    if (this.cache && this.now() - this.cache.at < CACHE_MS) return this.cache.snapshots;
    const snapshots: HealthSnapshot[] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: "PartitionKey eq 'snapshot'" } })) {
      snapshots.push(unpackJson<HealthSnapshot>(e));
    }
    this.cache = { at: this.now(), snapshots };
    return snapshots;
  }

  private async read(source: string): Promise<{ snapshot: HealthSnapshot; etag: string } | null> {
    try {
      const e = await this.client.getEntity<Record<string, unknown>>('snapshot', source);
      return { snapshot: unpackJson<HealthSnapshot>(e), etag: e.etag };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
