import type { HealthIssue, HealthSnapshot } from '../../shared/domain/health.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';

/** An Exchange Online incident at the demo's Adatum: the known incident that holds `mailIssue` while it lasts. */
export function exchangeIncident(id: string, extra: Partial<HealthIssue> = {}): HealthIssue {
  const isResolved = extra.isResolved ?? false;
  return {
    id,
    workload: 'office365',
    service: 'Exchange Online',
    classification: 'incident',
    status: isResolved ? 'serviceRestored' : 'serviceDegradation',
    title: 'Mail delayed',
    startDateTime: '2026-11-30T08:00:00Z',
    isResolved,
    tenantIds: [DEMO.adatum],
    ...extra,
  };
}

/** A Graph snapshot of those incidents; the service's status follows the first one. */
export function graphSnapshot(...issues: HealthIssue[]): HealthSnapshot {
  const resolved = issues[0]?.isResolved ?? true;
  return {
    source: 'graph',
    capturedAt: new Date().toISOString(),
    services: [{ workload: 'office365', service: 'Exchange Online', status: resolved ? 'serviceRestored' : 'serviceDegradation' }],
    issues,
  };
}
