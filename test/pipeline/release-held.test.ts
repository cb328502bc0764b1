import { describe, expect, it, vi } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { applyHealthSnapshot } from '../../shared/pipeline/release-held.js';
import { StaleTicketError } from '../../shared/ports/ticket-store.js';
import { QUEUES } from '../../shared/queues.js';
import { exchangeIncident, graphSnapshot } from './exchange-incident.js';
import { advanceFails, pipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * Releasing tickets held by a known incident once no snapshot shows it active (`inline`, as `relay health import`
 * runs it, and `queue`, as the push and the timer do): what is released, what the ticket says, and what happens when
 * the ticket changes under the release.
 */

const INCIDENT = 'EX900101';
const snapshot = (isResolved: boolean) => graphSnapshot(exchangeIncident(INCIDENT, { isResolved }));

async function setUp() {
  const h = await pipelineHarness({
    directory: demoDirectory(),
    partnerTenantId: DEMO.direct,
    callbackUrl: 'https://tool.example/outcomes',
  });
  await applyHealthSnapshot(h.deps, snapshot(false), 'inline');
  const held = async () => {
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'held' });
    return ticketId;
  };
  const ticketOf = async (ticketId: string) => (await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket;
  const holds = async () => (await h.deps.health.heldBy(INCIDENT)).map((r) => r.ticketId).sort();
  return { h, held, ticketOf, holds };
}

describe('releasing held tickets', () => {
  it('when the incident resolves, then each held ticket is closed, says why in its history and owes incident_resolved; the count is returned', async () => {
    const { h, held, ticketOf, holds } = await setUp();
    const tickets = [await held(), await held()];
    expect(await applyHealthSnapshot(h.deps, snapshot(true), 'inline')).toMatchObject({ releasing: [INCIDENT], released: 2 });
    for (const ticketId of tickets) {
      expect(await ticketOf(ticketId)).toMatchObject({
        status: 'closed',
        incident: { id: INCIDENT, status: 'resolved' },
        pendingEvent: 'ticket.incident_resolved',
      });
      expect((await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)!.note).toBe(`incident ${INCIDENT} resolved`);
    }
    expect(await holds()).toEqual([]);
  });

  it('while the incident stays active, then a new snapshot releases nothing and queues no release', async () => {
    const { h, held, ticketOf } = await setUp();
    const ticketId = await held();
    const send = vi.spyOn(h.deps.bus, 'send');
    expect(await applyHealthSnapshot(h.deps, snapshot(false), 'queue')).toMatchObject({ releasing: [], released: 0 });
    expect(send.mock.calls.filter(([queue]) => queue === QUEUES.incidentReleases)).toEqual([]);
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'held' });
  });
});

describe('releasing a ticket that changes under the release', () => {
  it('when another writer wins twice, then the third try releases it', async () => {
    const { h, held, ticketOf } = await setUp();
    const ticketId = await held();
    const racing = advanceFails(h.deps, 2, (id) => new StaleTicketError(id));
    expect(await applyHealthSnapshot(racing, snapshot(true), 'inline')).toMatchObject({ released: 1 });
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'closed' });
  });

  it('when it keeps changing (three lost races), then it is left held and indexed, and the next snapshot releases it', async () => {
    const { h, held, ticketOf, holds } = await setUp();
    const ticketId = await held();
    const racing = advanceFails(h.deps, 3, (id) => new StaleTicketError(id));
    expect(await applyHealthSnapshot(racing, snapshot(true), 'inline')).toMatchObject({ released: 0 });
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'held' });
    expect(await holds()).toEqual([ticketId]);

    expect(await applyHealthSnapshot(h.deps, snapshot(true), 'inline')).toMatchObject({ released: 1 });
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'closed' });
  });

  it('when storage fails, then the error reaches the caller and the ticket stays held and indexed', async () => {
    const { h, held, ticketOf, holds } = await setUp();
    const ticketId = await held();
    const failing = advanceFails(h.deps, 1, () => new Error('storage unavailable'));
    await expect(applyHealthSnapshot(failing, snapshot(true), 'inline')).rejects.toThrow('storage unavailable');
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'held' });
    expect(await holds()).toEqual([ticketId]);
  });

  it('when routing has indexed the hold but not yet written it (ticket still checked), then the index row is kept for the next run', async () => {
    const { h, ticketOf, holds } = await setUp();
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'checked' });
    await h.deps.health.recordHold(INCIDENT, { partnerTenantId: DEMO.direct, ticketId });

    expect(await applyHealthSnapshot(h.deps, snapshot(true), 'inline')).toMatchObject({ released: 0 });
    expect(await holds()).toEqual([ticketId]);
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'checked' });
  });
});
