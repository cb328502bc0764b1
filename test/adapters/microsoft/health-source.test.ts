import { describe, expect, it } from 'vitest';
import { healthTargetsFrom, MicrosoftHealthSource, type SkippedTarget } from '../../../shared/adapters/microsoft/health-source.js';
import { healthSnapshotSchema, type HealthSnapshot } from '../../../shared/domain/health.js';
import type { Directory } from '../../../shared/domain/directory.js';
import { fakeCredential, fakeFetch, manualClock } from './fake-microsoft.js';
import { healthRoutes, ids } from './recorded-routes.js';

const targets = [
  { tenantId: ids.contoso, azureSubscriptionIds: [ids.azureSubscription] },
  { tenantId: ids.fabrikam, azureSubscriptionIds: [] },
  { tenantId: ids.northwind, azureSubscriptionIds: [] },
];

async function pull() {
  const fetch = fakeFetch(healthRoutes);
  const skipped: SkippedTarget[] = [];
  const source = new MicrosoftHealthSource({
    credential: fakeCredential(),
    fetchImpl: fetch.impl,
    cloud: 'public',
    targets: async () => targets,
    clock: manualClock('2026-03-01T10:00:00Z'),
    onSkipped: (s) => skipped.push(s),
  });
  const snapshots = await source.pull();
  const bySource = (name: string) => snapshots.find((s) => s.source === name) as HealthSnapshot;
  return { snapshots, graph: bySource('graph'), azure: bySource('azure'), fetch, skipped };
}

describe('MicrosoftHealthSource', () => {
  it('when pulled, then a graph and an azure snapshot come back, both valid, read with each customer tenant token', async () => {
    const { snapshots, fetch } = await pull();
    expect(snapshots.map((s) => [s.source, s.capturedAt])).toEqual([
      ['graph', '2026-03-01T10:00:00.000Z'],
      ['azure', '2026-03-01T10:00:00.000Z'],
    ]);
    for (const s of snapshots) expect(healthSnapshotSchema.safeParse(s).success).toBe(true);
    expect(fetch.unmatched).toEqual([]);
    expect(new Set(fetch.seen.map((r) => r.tenant))).toEqual(new Set([ids.contoso, ids.fabrikam, ids.northwind]));
  });

  it('when Graph names services, then they map to workloads and statuses use the camelCase vocabulary', async () => {
    const { graph } = await pull();
    expect(graph.services).toEqual([
      { workload: 'office365', service: 'Exchange Online', status: 'serviceDegradation' },
      { workload: 'office365', service: 'Microsoft Teams', status: 'serviceOperational' },
      { workload: 'ems', service: 'Microsoft Intune', status: 'serviceOperational' },
      { workload: 'dynamics', service: 'Dynamics 365 Apps', status: 'serviceOperational' },
      { workload: 'ems', service: 'Microsoft Entra', status: 'serviceOperational' },
    ]);
  });

  it('when issues span two pages and several tenants, then each is tenant-specific and shared ones name every tenant', async () => {
    const { graph } = await pull();
    expect(graph.issues).toEqual([
      {
        id: 'EX226792',
        workload: 'office365',
        service: 'Exchange Online',
        classification: 'incident',
        status: 'investigating',
        title: 'Limited number of users unable to send or receive email through the Exchange Online service',
        startDateTime: '2026-03-01T09:00:00Z',
        isResolved: false,
        tenantIds: [ids.contoso, ids.fabrikam],
      },
      {
        id: 'TM226900',
        workload: 'office365',
        service: 'Microsoft Teams',
        classification: 'advisory',
        status: 'serviceRestored',
        title: 'Users may be unable to join meetings',
        startDateTime: '2026-02-20T08:00:00Z',
        endDateTime: '2026-02-20T12:30:00Z',
        isResolved: true,
        tenantIds: [ids.contoso],
      },
      {
        id: 'IT227001',
        workload: 'ems',
        service: 'Microsoft Intune',
        classification: 'advisory',
        status: 'serviceDegradation',
        title: 'Some devices are delayed checking in to Intune',
        startDateTime: '2026-03-01T07:00:00Z',
        isResolved: false,
        tenantIds: [ids.fabrikam],
      },
    ]);
  });

  it('when a tenant refuses access, then it is left out and reported, not fatal', async () => {
    const { skipped } = await pull();
    expect(skipped).toEqual([{ tenantId: ids.northwind, status: 403 }]);
  });

  it('when Azure events span two pages, then they carry regions and the subscription they were listed for, one issue per impacted service', async () => {
    const { azure } = await pull();
    expect(azure.services).toEqual([]);
    expect(azure.issues).toEqual([
      {
        id: 'BC_1-FXZ',
        workload: 'azure',
        service: 'Virtual Machines',
        classification: 'incident',
        status: 'active',
        title: 'ACTIVE: Virtual machines in West US and East US',
        startDateTime: '2026-03-01T08:00:00Z',
        isResolved: false,
        tenantIds: [ids.contoso],
        regions: ['West US', 'East US'],
        subscriptionIds: [ids.azureSubscription],
      },
      {
        id: 'QK_2-ABC/Storage',
        workload: 'azure',
        service: 'Storage',
        classification: 'advisory',
        status: 'resolved',
        title: 'Planned maintenance: Storage and SQL Database in Europe',
        startDateTime: '2026-02-10T01:00:00Z',
        endDateTime: '2026-02-10T05:00:00Z',
        isResolved: true,
        tenantIds: [ids.contoso],
        regions: ['West Europe'],
        subscriptionIds: [ids.azureSubscription],
      },
      {
        id: 'QK_2-ABC/SQL Database',
        workload: 'azure',
        service: 'SQL Database',
        classification: 'advisory',
        status: 'resolved',
        title: 'Planned maintenance: Storage and SQL Database in Europe',
        startDateTime: '2026-02-10T01:00:00Z',
        endDateTime: '2026-02-10T05:00:00Z',
        isResolved: true,
        tenantIds: [ids.contoso],
        regions: ['West Europe', 'North Europe'],
        subscriptionIds: [ids.azureSubscription],
      },
    ]);
  });

  it('when a Graph call fails for another reason, then the pull throws so the previous snapshot stays', async () => {
    const fetch = fakeFetch({
      ...healthRoutes,
      [`${ids.fabrikam} https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues`]: { status: 500 },
    });
    const source = new MicrosoftHealthSource({
      credential: fakeCredential(),
      fetchImpl: fetch.impl,
      cloud: 'public',
      targets: async () => targets,
      clock: manualClock(),
    });
    await expect(source.pull()).rejects.toThrow(/serviceAnnouncement\/issues failed with 500/);
  });

  it('when targets come from a directory, then only customers with an active relationship are read, with their Azure subscriptions', () => {
    const rel = (status: 'active' | 'terminated') => ({
      partnerTenantId: ids.partner,
      id: status,
      status,
      endDateTime: '2027-01-01T00:00:00Z',
      accessAssignments: [],
    });
    const sub = (id: string, workload: 'azure' | 'office365') => ({
      id,
      workload,
      offerName: 'x',
      channel: 'csp' as const,
      isTrial: false,
    });
    const directory: Directory = {
      partners: [],
      customers: [
        {
          tenantId: ids.contoso,
          name: 'C',
          defaultDomain: 'c',
          relationships: [rel('active')],
          subscriptions: [sub(ids.azureSubscription, 'azure'), sub('m365', 'office365')],
        },
        { tenantId: ids.fabrikam, name: 'F', defaultDomain: 'f', relationships: [rel('terminated')], subscriptions: [] },
      ],
    };
    expect(healthTargetsFrom(directory)).toEqual([{ tenantId: ids.contoso, azureSubscriptionIds: [ids.azureSubscription] }]);
  });
});
