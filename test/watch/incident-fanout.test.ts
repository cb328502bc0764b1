import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthIssue, HealthSnapshot } from '../../shared/domain/health.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { startReceiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

const issue = (extra: Partial<HealthIssue> = {}): HealthIssue => ({
  id: 'EX200001',
  workload: 'office365',
  service: 'Exchange Online',
  classification: 'incident',
  status: 'serviceDegradation',
  title: 'Mail delivery delayed',
  startDateTime: '2025-01-01T08:00:00Z',
  isResolved: false,
  tenantIds: [DEMO.adatum, DEMO.tailspin, DEMO.wingtip],
  ...extra,
});
const snapshot = (issues: HealthIssue[]): HealthSnapshot => ({
  source: 'graph',
  capturedAt: new Date().toISOString(),
  services: [],
  issues,
});

interface Received {
  type: string;
  verified: boolean;
  body: {
    data: { partnerTenantId: string; incident: { id: string; status: string }; affectedCustomers: { tenantId: string; name: string }[] };
  };
}

describe('incident fan-out (incident.detected / updated / resolved)', () => {
  let relay: TestRelay;
  let contoso: Awaited<ReturnType<typeof startReceiver>>;
  let fabrikam: Awaited<ReturnType<typeof startReceiver>>;
  const events = (r: typeof contoso) =>
    (r.events as unknown as Received[]).map((e) => ({
      type: e.type,
      verified: e.verified,
      incident: e.body.data.incident.id,
      customers: e.body.data.affectedCustomers.map((c) => c.name).sort(),
    }));

  beforeAll(async () => {
    relay = await startTestRelay();
    [contoso, fabrikam] = await Promise.all([startReceiver(), startReceiver()]);
    await relay.importDirectory(demoDirectory());
    contoso.trust([(await relay.addTool(DEMO.direct, contoso.url)).callbackSecret]);
    fabrikam.trust([(await relay.addTool(DEMO.reseller, fabrikam.url)).callbackSecret]);
  });
  afterAll(async () => {
    await relay.stop();
    await Promise.all([contoso.close(), fabrikam.close()]);
  });

  const push = async (s: HealthSnapshot) => {
    const res = await fetch(`${relay.url}/api/v1/service-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(s),
    });
    expect(res.status).toBe(200);
  };

  it("when a tenant-scoped issue touches two of partner A's customers and one of B's, then each partner's tool gets one incident.detected naming only its own", async () => {
    await push(snapshot([issue()]));
    expect(events(contoso)).toEqual([
      { type: 'incident.detected', verified: true, incident: 'EX200001', customers: ['Adatum Corporation', 'Tailspin Toys'] },
    ]);
    expect(events(fabrikam)).toEqual([{ type: 'incident.detected', verified: true, incident: 'EX200001', customers: ['Wingtip Toys'] }]);
  });

  it('when the same snapshot comes again, then nothing is sent', async () => {
    await push(snapshot([issue()]));
    expect(events(contoso)).toHaveLength(1);
    expect(events(fabrikam)).toHaveLength(1);
  });

  it('when only the status changes, then incident.updated; when it resolves, one incident.resolved each', async () => {
    await push(snapshot([issue({ status: 'restoringService' })]));
    expect(events(contoso).map((e) => e.type)).toEqual(['incident.detected', 'incident.updated']);
    await push(snapshot([issue({ status: 'serviceRestored', isResolved: true })]));
    await push(snapshot([issue({ status: 'serviceRestored', isResolved: true })]));
    expect(events(contoso).map((e) => e.type)).toEqual(['incident.detected', 'incident.updated', 'incident.resolved']);
    expect(events(fabrikam).map((e) => e.type)).toEqual(['incident.detected', 'incident.updated', 'incident.resolved']);
    expect(events(fabrikam).at(-1)!.customers).toEqual(['Wingtip Toys']);
  });

  it('when a global issue for a workload appears, then every related customer with that workload is listed; advisories are not told', async () => {
    await push(
      snapshot([
        issue({ id: 'TM200002', service: 'Microsoft Teams', tenantIds: undefined }),
        issue({ id: 'MO200003', classification: 'advisory', tenantIds: undefined }),
      ]),
    );
    const detected = events(contoso).filter((e) => e.incident === 'TM200002');
    expect(detected).toEqual([
      {
        type: 'incident.detected',
        verified: true,
        incident: 'TM200002',
        customers: ['Adatum Corporation', 'Fourth Coffee', 'Litware Inc.', 'Proseware, Inc.', 'Tailspin Toys'],
      },
    ]);
    expect(events(contoso).some((e) => e.incident === 'MO200003')).toBe(false);
  });

  it('when an issue disappears from its source, then it counts as resolved', async () => {
    await push(snapshot([]));
    expect(
      events(contoso)
        .filter((e) => e.incident === 'TM200002')
        .map((e) => e.type),
    ).toEqual(['incident.detected', 'incident.resolved']);
  });
});
