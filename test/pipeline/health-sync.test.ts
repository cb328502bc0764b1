import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../shared/domain/health.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { syncHealth } from '../../shared/pipeline/health-sync.js';
import type { HealthSource } from '../../shared/ports/health-source.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';

const incident = (isResolved: boolean): HealthSnapshot => ({
  source: 'graph',
  capturedAt: new Date().toISOString(),
  services: [{ workload: 'office365', service: 'Exchange Online', status: isResolved ? 'serviceRestored' : 'serviceDegradation' }],
  issues: [{
    id: 'EX900001', workload: 'office365', service: 'Exchange Online', classification: 'incident',
    status: isResolved ? 'serviceRestored' : 'serviceDegradation', title: 'Mail delayed', startDateTime: '2025-01-01T08:00:00Z',
    isResolved, tenantIds: [DEMO.adatum],
  }],
});
const mailIssue = {
  customerTenantId: DEMO.adatum, workload: 'office365', service: 'Exchange Online', title: 'Mail delayed', description: 'Queued 40 min.',
  severity: 'high', agent: { userPrincipalName: 'dana@contoso-cloud.example' },
};

/** Microsoft as the sync sees it: answers with whatever `now` holds. */
function scriptedSource(): HealthSource & { now: HealthSnapshot[] | Error; pulls: number } {
  return {
    now: [],
    pulls: 0,
    async pull() {
      this.pulls++;
      if (this.now instanceof Error) throw this.now;
      return this.now;
    },
  };
}

describe('health sync (HEALTH_SOURCE=microsoft)', () => {
  let h: PipelineHarness;
  const source = scriptedSource();

  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });

  async function heldTicket(): Promise<string> {
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    return ticketId;
  }
  const status = async (ticketId: string) => (await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status;

  it('when HEALTH_SOURCE is table, then the timer pulls nothing and changes nothing', async () => {
    expect(await syncHealth(h.deps, null)).toMatchObject({ kind: 'skipped' });
    expect((await h.deps.health.currentFor('office365')).issues).toEqual([]);
  });

  it('when a pulled incident matches a request, then the request is held; when the pull then fails, it stays held', async () => {
    source.now = [incident(false)];
    expect(await syncHealth(h.deps, source)).toMatchObject({ kind: 'applied', snapshots: [{ source: 'graph', issues: 1, resolved: [], released: 0 }] });
    const ticketId = await heldTicket();
    expect(await status(ticketId)).toBe('held');

    source.now = new Error('Graph answered 503');
    await expect(syncHealth(h.deps, source)).rejects.toThrow('503');
    expect((await h.deps.health.currentFor('office365')).issues.map((i) => i.id)).toEqual(['EX900001']);
    expect(await status(ticketId)).toBe('held');
  });

  it('when two overlapping syncs both see the incident resolved, then each held ticket is closed and owed incident_resolved once', async () => {
    source.now = [incident(false)];
    await syncHealth(h.deps, source);
    const tickets = [await heldTicket(), await heldTicket()];
    expect(await Promise.all(tickets.map(status))).toEqual(['held', 'held']);

    // Every ticket the incident holds, from this test and the one before.
    const heldBefore = (await h.deps.health.heldBy('EX900001')).length;
    source.now = [incident(true)];
    const runs = await Promise.all([syncHealth(h.deps, source), syncHealth(h.deps, source)]);
    const released = runs.flatMap((r) => (r.kind === 'applied' ? r.snapshots.map((s) => s.released) : []));
    expect(released.reduce((a, b) => a + b, 0)).toBe(heldBefore);
    for (const ticketId of tickets) {
      const { ticket } = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
      expect(ticket.status).toBe('closed');
      expect(ticket.pendingEvent).toBe('ticket.incident_resolved');
      const owed = h.sent.filter((s) => s.message.messageId === `${ticketId}:notifications:ticket.incident_resolved`);
      expect(owed).toHaveLength(1);
    }
  });
});
