import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthIssue, HealthSnapshot } from '../../shared/domain/health.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { applyHealthSnapshot } from '../../shared/pipeline/release-held.js';
import type { TicketStore } from '../../shared/ports/ticket-store.js';
import { failTimes, withFaults, type FaultRules } from '../support/faults.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';

const issue = (id: string, extra: Partial<HealthIssue> = {}): HealthIssue => ({
  id,
  workload: 'office365',
  service: 'SharePoint Online',
  classification: 'incident',
  status: 'serviceDegradation',
  title: 'Sites load slowly',
  startDateTime: '2026-01-01T08:00:00Z',
  isResolved: false,
  ...extra,
});
const snapshot = (issues: HealthIssue[], capturedAt = new Date().toISOString()): HealthSnapshot => ({
  source: 'manual',
  capturedAt,
  services: [],
  issues,
});
const request = {
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  service: 'SharePoint Online',
  title: 'Slow sites',
  description: 'Since 08:00.',
  agent: { objectId: DEMO.agent },
};

/** Releasing held tickets is judged by state, so a release cut short or an incident that vanished is not missed. */
describe('releasing tickets held by a known incident', () => {
  let relay: TestRelay;
  let apiKey: string;
  const storeFaults: FaultRules<TicketStore> = {};

  beforeAll(async () => {
    ({
      relay,
      tool: { apiKey },
    } = await startDemoRelay());
    relay.deps.tickets = withFaults(relay.deps.tickets, storeFaults);
  });
  afterAll(() => relay.stop());

  const holdOne = async (incidentId: string) => {
    await applyHealthSnapshot(relay.deps, snapshot([issue(incidentId)]));
    const { ticketId } = (await (await relay.submit(apiKey, request)).json()) as { ticketId: string };
    await relay.drain();
    return ticketId;
  };
  const statusOf = async (ticketId: string) => (await relay.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status;

  it('when the release of a ticket fails half-way, then the next snapshot finishes it, once', async () => {
    const ticketId = await holdOne('SP1001');
    expect(await statusOf(ticketId)).toBe('held');
    storeFaults.advance = failTimes(1);
    // The release function's write fails every time it is tried, until the message dead-letters.
    storeFaults.advance = failTimes(100);
    await applyHealthSnapshot(relay.deps, snapshot([issue('SP1001', { isResolved: true, status: 'serviceRestored' })]));
    await relay.drain();
    delete storeFaults.advance;
    expect(await statusOf(ticketId)).toBe('held');

    const again = await applyHealthSnapshot(relay.deps, snapshot([issue('SP1001', { isResolved: true, status: 'serviceRestored' })]));
    expect(again.releasing).toEqual(['SP1001']);
    await relay.drain();
    expect(await statusOf(ticketId)).toBe('closed');
    expect((await applyHealthSnapshot(relay.deps, snapshot([]))).releasing).toEqual([]);
    // What an operator reads in the ticket's history: why it waited, and why it closed.
    const history = await relay.deps.tickets.history(DEMO.direct, ticketId);
    expect(history.map((e) => [e.status, e.note]).filter(([status]) => status === 'held' || status === 'closed')).toEqual([
      ['held', 'held: known incident SP1001'],
      ['closed', 'incident SP1001 resolved'],
    ]);
    expect((await relay.deps.tickets.get(DEMO.direct, ticketId))!.ticket.incident).toMatchObject({ id: 'SP1001', status: 'resolved' });
  });

  it('when an incident disappears from its source without being marked resolved, then its tickets are released', async () => {
    const ticketId = await holdOne('SP1002');
    expect((await applyHealthSnapshot(relay.deps, snapshot([]))).releasing).toEqual(['SP1002']);
    await relay.drain();
    expect(await statusOf(ticketId)).toBe('closed');
  });

  it('when snapshots change an incident, then each status it was seen in is kept in its history', async () => {
    await applyHealthSnapshot(relay.deps, snapshot([issue('SP1003')], '2026-01-01T09:00:00.000Z'));
    await applyHealthSnapshot(relay.deps, snapshot([issue('SP1003')], '2026-01-01T09:05:00.000Z'));
    await applyHealthSnapshot(relay.deps, snapshot([issue('SP1003', { status: 'restoringService' })], '2026-01-01T09:10:00.000Z'));
    await applyHealthSnapshot(
      relay.deps,
      snapshot([issue('SP1003', { status: 'serviceRestored', isResolved: true })], '2026-01-01T09:15:00.000Z'),
    );
    const history = await relay.deps.health.incidentHistory('SP1003');
    expect(history.map((h) => [h.at, h.status, h.isResolved])).toEqual([
      ['2026-01-01T09:00:00.000Z', 'serviceDegradation', false],
      ['2026-01-01T09:10:00.000Z', 'restoringService', false],
      ['2026-01-01T09:15:00.000Z', 'serviceRestored', true],
    ]);
  });
});
