import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../shared/domain/health.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { syncHealth } from '../../shared/pipeline/health-sync.js';
import { runRelease } from '../../shared/pipeline/release-held.js';
import { QUEUES } from '../../shared/queues.js';
import type { HealthSource } from '../../shared/ports/health-source.js';
import { exchangeIncident, graphSnapshot } from './exchange-incident.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

const incident = (isResolved: boolean) => graphSnapshot(exchangeIncident('EX900001', { isResolved }));

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
    // The tool listens for outcomes, so a released ticket owes it ticket.incident_resolved.
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct, callbackUrl: 'https://tool.example/outcomes' });
  });

  async function heldTicket(): Promise<string> {
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    return ticketId;
  }
  const status = async (ticketId: string) => (await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status;

  it('when HEALTH_SOURCE is table, then the timer pulls nothing and changes nothing', async () => {
    expect(await syncHealth(h.deps, null)).toEqual({
      kind: 'skipped',
      why: 'HEALTH_SOURCE is table: snapshots arrive through POST /api/v1/service-health',
    });
    expect((await h.deps.health.currentFor('office365')).issues).toEqual([]);
  });

  it('when a pulled incident matches a request, then the request is held; when the pull then fails, it stays held', async () => {
    source.now = [incident(false)];
    expect(await syncHealth(h.deps, source)).toMatchObject({
      kind: 'applied',
      snapshots: [{ source: 'graph', issues: 1, resolved: [], releasing: [] }],
    });
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
    expect(runs.flatMap((r) => (r.kind === 'applied' ? r.snapshots.flatMap((s) => s.releasing) : []))).toEqual(['EX900001', 'EX900001']);
    // The release is queued work: run every release message the syncs (and the plans they start) send, as the function would.
    let released = 0;
    for (let done = 0; done < h.sent.length; done++) {
      const { queue, message } = h.sent[done]!;
      if (queue === QUEUES.incidentReleases) released += (await runRelease(h.deps, message.body)).released;
    }
    expect(released).toBe(heldBefore);
    for (const ticketId of tickets) {
      const { ticket } = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
      expect(ticket.status).toBe('closed');
      expect(ticket.pendingEvent).toBe('ticket.incident_resolved');
      const owed = h.sent.filter((s) => s.message.messageId === `${ticketId}:notifications:ticket.incident_resolved`);
      expect(owed).toHaveLength(1);
    }
  });
});
