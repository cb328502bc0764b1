import { BENCH } from './bench-directory.js';

/** Service requests for each channel the bench measures (bodies as a partner tool would POST them). */
const base = {
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  severity: 'high',
  agent: { objectId: BENCH.agent },
} as const;

/** The service the round-trip figure's incident is about; Exchange Online stays healthy for the m365 channel. */
export const HELD_SERVICE = 'SharePoint Online';

/** An eligible Microsoft 365 request; every filler customer in the bench directory can take it. */
export const m365Request = (customerTenantId: string = BENCH.m365, service = 'Exchange Online') => ({
  ...base,
  customerTenantId,
  workload: 'office365',
  service,
});

export const CHANNEL_REQUESTS = {
  m365: m365Request(),
  azure: {
    ...base,
    title: 'VM does not start',
    customerTenantId: BENCH.azure,
    workload: 'azure',
    subscriptionId: BENCH.azureSubscription,
    service: 'Virtual Machines',
  },
  isv: { ...base, title: 'Backup job fails', customerTenantId: BENCH.isv, workload: 'office365', productId: BENCH.isvProduct },
  ineligible: { ...base, customerTenantId: BENCH.expired, workload: 'office365', service: 'Exchange Online' },
} as const;

/** A health snapshot with one active incident on `service` (or its resolution), as POST /api/v1/service-health takes it. */
export function incidentSnapshot(incidentId: string, service: string, resolved: boolean) {
  const now = new Date();
  return {
    source: 'manual',
    capturedAt: now.toISOString(),
    services: [{ workload: 'office365', service, status: resolved ? 'serviceRestored' : 'serviceDegradation' }],
    issues: [
      {
        id: incidentId,
        workload: 'office365',
        service,
        classification: 'incident',
        status: resolved ? 'serviceRestored' : 'serviceDegradation',
        title: `${service} degraded (bench)`,
        startDateTime: new Date(now.getTime() - 3_600_000).toISOString(),
        isResolved: resolved,
      },
    ],
  };
}
