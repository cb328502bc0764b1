import { describe, expect, it, vi } from 'vitest';
import type { HealthIssue, HealthSnapshot } from '../../shared/domain/health.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { fanOutIncidents } from '../../shared/pipeline/incident-fanout.js';
import { exchangeIncident } from './exchange-incident.js';
import { pipelineHarness } from './harness.js';
import { bodyOf, scriptedSender } from './scripted-sender.js';

/**
 * Incident fan-out called directly (test/watch/incident-fanout.test.ts drives it over HTTP): which change is told to
 * whom, sources kept apart, and an event a tool did not take offered again.
 */

const CONTOSO_HOOK = 'https://contoso-psa.example.com/hook';
const FABRIKAM_HOOK = 'https://fabrikam-psa.example.com/hook';

const incident = (id: string, tenantIds: string[], extra: Partial<HealthIssue> = {}) => exchangeIncident(id, { tenantIds, ...extra });
const snapshot = (source: HealthSnapshot['source'], issues: HealthIssue[]): HealthSnapshot => ({
  source,
  capturedAt: new Date().toISOString(),
  services: [],
  issues,
});

interface Told {
  url: string;
  id: string;
  type: string;
  incident: string;
  customers: string[];
}

async function setUp(...script: (number | null)[]) {
  const sender = scriptedSender(...script);
  const h = await pipelineHarness({
    directory: demoDirectory(),
    partnerTenantId: DEMO.direct,
    callbackUrl: CONTOSO_HOOK,
    overrides: { webhooks: sender },
  });
  const { tool } = await h.deps.tools.add({ partnerTenantId: DEMO.reseller, name: 'Fabrikam PSA' });
  await h.deps.tools.setCallback(tool.toolId, FABRIKAM_HOOK);
  let seen = 0;
  /** What was sent since the last call. */
  const told = (): Told[] => {
    const fresh = sender.requests.slice(seen);
    seen = sender.requests.length;
    return fresh.map((r) => {
      const body = bodyOf<{ incident: { id: string }; affectedCustomers: { tenantId: string }[] }>(r);
      return {
        url: r.url,
        id: r.headers['webhook-id']!,
        type: body.type,
        incident: body.data.incident.id,
        customers: body.data.affectedCustomers.map((c) => c.tenantId),
      };
    });
  };
  const brief = (list: Told[]) => list.map((t) => [t.url === CONTOSO_HOOK ? 'contoso' : 'fabrikam', t.type, t.incident, t.customers]);
  return { h, sender, told, brief };
}

describe('incident fan-out: who hears what', () => {
  it('when a snapshot holds no incident and none was open, then the directory is not even read', async () => {
    const { h } = await setUp();
    const read = vi.spyOn(h.deps, 'directorySnapshot');
    expect(await fanOutIncidents(h.deps, snapshot('graph', [incident('AD1', [DEMO.adatum], { classification: 'advisory' })]), [])).toEqual({
      changed: 0,
      delivered: 0,
    });
    expect(read).not.toHaveBeenCalled();
  });

  it("when two incidents touch only Contoso's customers, then Contoso hears of each and Fabrikam of neither", async () => {
    const { h, told, brief } = await setUp();
    const result = await fanOutIncidents(h.deps, snapshot('graph', [incident('EX1', [DEMO.adatum]), incident('EX2', [DEMO.tailspin])]), []);
    expect(brief(told())).toEqual([
      ['contoso', 'incident.detected', 'EX1', [DEMO.adatum]],
      ['contoso', 'incident.detected', 'EX2', [DEMO.tailspin]],
    ]);
    expect(result).toEqual({ changed: 2, delivered: 2 });
  });

  it('when the affected customers change but their number does not, then incident.updated names the new ones', async () => {
    const { h, told, brief } = await setUp();
    await fanOutIncidents(h.deps, snapshot('graph', [incident('EX1', [DEMO.adatum])]), []);
    told();
    await fanOutIncidents(h.deps, snapshot('graph', [incident('EX1', [DEMO.litware])]), []);
    expect(brief(told())).toEqual([['contoso', 'incident.updated', 'EX1', [DEMO.litware]]]);
  });

  it('when an incident resolves, reopens and resolves again, then each of the four changes reaches the tool with its own id', async () => {
    const { h, told } = await setUp();
    const open = snapshot('graph', [incident('EX1', [DEMO.adatum])]);
    const resolved = snapshot('graph', [incident('EX1', [DEMO.adatum], { status: 'serviceRestored', isResolved: true })]);
    for (const s of [open, resolved, open, resolved]) await fanOutIncidents(h.deps, s, []);
    const sent = told();
    expect(sent.map((t) => t.type)).toEqual(['incident.detected', 'incident.resolved', 'incident.detected', 'incident.resolved']);
    expect(new Set(sent.map((t) => t.id)).size).toBe(4);
  });

  it("when one source stops listing its incident, then only that source's incident resolves, not another source's", async () => {
    const { h, told, brief } = await setUp();
    await fanOutIncidents(
      h.deps,
      snapshot('azure', [incident('AZ1', [DEMO.adatum], { workload: 'azure', service: 'Virtual Machines' })]),
      [],
    );
    await fanOutIncidents(h.deps, snapshot('graph', [incident('EX1', [DEMO.tailspin])]), []);
    told();
    expect(await fanOutIncidents(h.deps, snapshot('graph', []), ['EX1'])).toEqual({ changed: 1, delivered: 1 });
    expect(brief(told())).toEqual([['contoso', 'incident.resolved', 'EX1', [DEMO.tailspin]]]);
    await fanOutIncidents(h.deps, snapshot('azure', []), ['AZ1']);
    expect(brief(told())).toEqual([['contoso', 'incident.resolved', 'AZ1', [DEMO.adatum]]]);
  });
});

describe('incident fan-out: an event the tool did not take', () => {
  it('when the tool fails, then the detection is remembered, offered again by the next snapshot without rewriting, and settled once taken', async () => {
    const { h, told, brief } = await setUp(500, 500);
    const same = snapshot('graph', [incident('EX1', [DEMO.adatum])]);
    expect(await fanOutIncidents(h.deps, same, [])).toEqual({ changed: 1, delivered: 0 });
    expect((await h.deps.watch.list('incident', DEMO.direct)).map((r) => [r.subject, r.state.settled])).toEqual([['graph|EX1', false]]);

    const save = vi.spyOn(h.deps.watch, 'save');
    expect(await fanOutIncidents(h.deps, same, [])).toEqual({ changed: 0, delivered: 0 });
    expect(save).not.toHaveBeenCalled();

    expect(await fanOutIncidents(h.deps, same, [])).toEqual({ changed: 0, delivered: 1 });
    const attempts = told();
    expect(brief(attempts)).toEqual(Array(3).fill(['contoso', 'incident.detected', 'EX1', [DEMO.adatum]]));
    expect(new Set(attempts.map((t) => t.id)).size).toBe(1);
    expect((await h.deps.watch.list('incident', DEMO.direct)).map((r) => r.state.settled)).toEqual([true]);
  });
});
