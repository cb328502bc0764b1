import type { HealthIssue, HealthSnapshot, ServiceStatus } from '../domain/health.js';
import type { Workload } from '../domain/submission.js';

/** Current service health, as last pushed or synced. */
export interface HealthReader {
  /** Unresolved issues and service statuses for one workload, all sources merged. */
  currentFor(workload: Workload): Promise<{ issues: (HealthIssue & { source: string })[]; services: ServiceStatus[] }>;
}

/** Where snapshots come from when HEALTH_SOURCE=microsoft (Graph service communications, Azure Resource Health). */
export interface HealthSource {
  pull(): Promise<HealthSnapshot[]>;
}
