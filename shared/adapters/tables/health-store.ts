import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { HealthIssue, HealthSnapshot, ServiceStatus } from '../../domain/health.js';
import type { Workload } from '../../domain/submission.js';
import type { HealthReader, HealthStore, HeldTicketRef, IncidentStatusChange } from '../../ports/health-store.js';
import { encodeKey, packJson, unpackJson } from './keys.js';
import { isNotFound, isPreconditionFailed } from './table-clients.js';
import { statusCodeOf } from '../../errors.js';

/**
 * Snapshots (PartitionKey `snapshot`, RowKey = source) and the hold index (PartitionKey `hold|<incidentId>`,
 * RowKey `<partner>|<ticketId>`). Snapshot replacement is conditional on the ETag, so two overlapping syncs cannot
 * both believe they saw the same incident resolve.
 */
const CACHE_MS = 2_000;

export class TableHealthStore implements HealthReader, HealthStore {
  private cache: { at: number; snapshots: HealthSnapshot[] } | null = null;

  constructor(
    private readonly client: TableClient,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async currentFor(workload: Workload): Promise<{ issues: (HealthIssue & { source: string })[]; services: ServiceStatus[] }> {
    const snapshots = await this.snapshots();
    return {
      issues: snapshots.flatMap((s) =>
        s.issues.filter((i) => i.workload === workload && !i.isResolved).map((i) => ({ ...i, source: s.source })),
      ),
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
        if (isPreconditionFailed(error) || statusCodeOf(error) === 409) continue;
        throw error;
      }
      this.cache = null;
      // Only the writer that won the ETag race records the changes it saw, so overlapping syncs do not double them.
      // History is a record for people, not part of the release logic: a failure here must not fail the push.
      await this.recordChanges(snapshot, current?.snapshot ?? null).catch(() => undefined);
      return { resolvedIssueIds: [...before].filter((id) => !stillOpen.has(id)) };
    }
    throw new Error(`health snapshot ${snapshot.source} kept changing; try again`);
  }

  async recordHold(incidentId: string, ref: HeldTicketRef): Promise<void> {
    await this.client.upsertEntity(
      { partitionKey: `hold|${encodeKey(incidentId)}`, rowKey: holdRowKey(ref), incidentId, ...ref },
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

  async holdingIncidentIds(): Promise<string[]> {
    const ids = new Set<string>();
    const filter = "PartitionKey ge 'hold|' and PartitionKey lt 'hold}'";
    for await (const e of this.client.listEntities<{ incidentId?: string }>({ queryOptions: { filter, select: ['incidentId'] } })) {
      if (e.incidentId) ids.add(e.incidentId);
    }
    return [...ids];
  }

  async dropHolds(incidentId: string, refs: HeldTicketRef[]): Promise<void> {
    const pk = `hold|${encodeKey(incidentId)}`;
    const one = (ref: HeldTicketRef) =>
      this.client.deleteEntity(pk, holdRowKey(ref)).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    // One partition per incident: up to 100 deletes go in one transaction. It fails whole if a row is already gone
    // (another release got there first); then each is deleted on its own.
    for (let at = 0; at < refs.length; at += 100) {
      const batch = refs.slice(at, at + 100);
      await this.client
        .submitTransaction(batch.map((ref): TransactionAction => ['delete', { partitionKey: pk, rowKey: holdRowKey(ref) }]))
        .catch(async () => {
          for (const ref of batch) await one(ref);
        });
    }
  }

  async activeIssueIds(): Promise<Set<string>> {
    this.cache = null;
    const snapshots = await this.snapshots();
    return new Set(snapshots.flatMap((s) => s.issues.filter((i) => !i.isResolved).map((i) => i.id)));
  }

  async incidentHistory(incidentId: string): Promise<IncidentStatusChange[]> {
    const out: IncidentStatusChange[] = [];
    const filter = `PartitionKey eq '${`incident|${encodeKey(incidentId)}`.replace(/'/g, "''")}'`;
    for await (const e of this.client.listEntities<IncidentStatusChange>({ queryOptions: { filter } })) {
      out.push({ at: e.at, source: e.source, status: e.status, isResolved: e.isResolved });
    }
    return out;
  }

  private async recordChanges(next: HealthSnapshot, previous: HealthSnapshot | null): Promise<void> {
    const before = new Map((previous?.issues ?? []).map((i) => [i.id, i]));
    const seen = new Set(next.issues.map((i) => i.id));
    const changes: { id: string; status: string; isResolved: boolean }[] = next.issues
      .filter((i) => before.get(i.id)?.status !== i.status || before.get(i.id)?.isResolved !== i.isResolved)
      .map((i) => ({ id: i.id, status: i.status, isResolved: i.isResolved }));
    for (const gone of before.values())
      if (!seen.has(gone.id) && !gone.isResolved) changes.push({ id: gone.id, status: 'gone', isResolved: true });
    // RowKey sorts by capture time; the same snapshot applied twice writes the same rows (upsert), not new ones.
    await Promise.all(
      changes.map((c) =>
        this.client.upsertEntity(
          {
            partitionKey: `incident|${encodeKey(c.id)}`,
            rowKey: `${next.capturedAt}|${next.source}`,
            at: next.capturedAt,
            source: next.source,
            status: c.status,
            isResolved: c.isResolved,
          },
          'Replace',
        ),
      ),
    );
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

const holdRowKey = (ref: HeldTicketRef) => `${encodeKey(ref.partnerTenantId)}|${encodeKey(ref.ticketId)}`;
