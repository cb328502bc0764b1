import type { Directory } from '../../domain/directory.js';
import { healthSnapshotSchema, type HealthIssue, type HealthSnapshot, type ServiceStatus } from '../../domain/health.js';
import type { Clock } from '../../ports/clock.js';
import type { HealthSource } from '../../ports/health-source.js';
import type { CloudEndpoints } from './cloud-endpoints.js';
import { mapLimit } from '../../concurrency.js';
import { graphHealthFor } from './graph-health.js';
import { connect, type MicrosoftConnectionOptions } from './connection.js';
import { MicrosoftApiError, type MicrosoftHttp } from './http.js';
import { azureEventsFor } from './resource-health.js';

/** A customer tenant to read health for, with the Azure subscriptions to ask Resource Health about. */
export interface HealthTarget {
  tenantId: string;
  azureSubscriptionIds: string[];
}

export interface SkippedTarget {
  tenantId: string;
  subscriptionId?: string;
  status: number;
}

export interface MicrosoftHealthSourceOptions extends MicrosoftConnectionOptions {
  /** Which tenants to read; e.g. `async () => healthTargetsFrom(await directory.pull())`. */
  targets: () => Promise<HealthTarget[]>;
  clock: Clock;
  /** A tenant or subscription that refused access (no GDAP role, AOBO removed): left out, not fatal. */
  onSkipped?: (skipped: SkippedTarget) => void;
}

/** Customers the partner can currently act for: an active GDAP relationship. */
export function healthTargetsFrom(directory: Directory): HealthTarget[] {
  return directory.customers
    .filter((c) => c.relationships.some((r) => r.status === 'active'))
    .map((c) => ({ tenantId: c.tenantId, azureSubscriptionIds: c.subscriptions.filter((s) => s.workload === 'azure').map((s) => s.id) }));
}

/**
 * Graph service communications → snapshot `graph`; Azure Resource Health → snapshot `azure`.
 * Any other failure throws, so the sync keeps the previous snapshots instead of publishing a partial
 * one that would look like incidents had been resolved.
 */
export class MicrosoftHealthSource implements HealthSource {
  private readonly http: MicrosoftHttp;
  private readonly endpoints: CloudEndpoints;

  constructor(private readonly options: MicrosoftHealthSourceOptions) {
    ({ http: this.http, endpoints: this.endpoints } = connect(options));
  }

  async pull(): Promise<HealthSnapshot[]> {
    const targets = await this.options.targets();
    const graph = await mapLimit(targets, 4, (t) =>
      this.refusable(t.tenantId, undefined, () => graphHealthFor(this.http, this.endpoints.graph, t.tenantId)),
    );
    const azure = await mapLimit(
      targets.flatMap((t) => t.azureSubscriptionIds.map((subscriptionId) => ({ tenantId: t.tenantId, subscriptionId }))),
      4,
      (s) =>
        this.refusable(s.tenantId, s.subscriptionId, () => azureEventsFor(this.http, this.endpoints.arm, s.tenantId, s.subscriptionId)),
    );
    const capturedAt = this.options.clock.now().toISOString();
    const present = graph.flatMap((g) => (g ? [g] : []));
    return [
      healthSnapshotSchema.parse({
        source: 'graph',
        capturedAt,
        services: mergeServices(present.flatMap((g) => g.services)),
        issues: mergeIssues(present.flatMap((g) => g.issues)),
      }),
      healthSnapshotSchema.parse({ source: 'azure', capturedAt, services: [], issues: mergeIssues(azure.flatMap((a) => a ?? [])) }),
    ];
  }

  private async refusable<T>(tenantId: string, subscriptionId: string | undefined, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof MicrosoftApiError) || (error.status !== 401 && error.status !== 403)) throw error;
      this.options.onSkipped?.({ tenantId, ...(subscriptionId ? { subscriptionId } : {}), status: error.status });
      return undefined;
    }
  }
}

/** One entry per service; a problem seen in any tenant wins over "operational" elsewhere. */
function mergeServices(services: ServiceStatus[]): ServiceStatus[] {
  const byService = new Map<string, ServiceStatus>();
  for (const s of services) {
    const key = `${s.workload}|${s.service.toLowerCase()}`;
    const seen = byService.get(key);
    if (!seen || (seen.status === 'serviceOperational' && s.status !== 'serviceOperational')) byService.set(key, s);
  }
  return [...byService.values()];
}

/** The same issue reported in several tenants becomes one issue naming all of them. */
function mergeIssues(issues: HealthIssue[]): HealthIssue[] {
  const byId = new Map<string, HealthIssue>();
  for (const issue of issues) {
    const seen = byId.get(issue.id);
    if (!seen) {
      byId.set(issue.id, { ...issue });
      continue;
    }
    seen.tenantIds = union(seen.tenantIds, issue.tenantIds);
    seen.isResolved &&= issue.isResolved; // still open somewhere is still open
    if (seen.regions || issue.regions) seen.regions = union(seen.regions, issue.regions);
    if (seen.subscriptionIds || issue.subscriptionIds) seen.subscriptionIds = union(seen.subscriptionIds, issue.subscriptionIds);
  }
  return [...byId.values()];
}

const union = (a: string[] = [], b: string[] = []) => [...new Set([...a, ...b])];
