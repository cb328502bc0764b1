import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands as healthCommands } from '../../shared/cli/commands/health.js';
import { parseArgs, UsageError } from '../../shared/cli/context.js';
import type { Directory } from '../../shared/domain/directory.js';
import type { HealthIssue, HealthSnapshot } from '../../shared/domain/health.js';
import { createDemoReceiver } from '../../shared/local-host/demo-receiver.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import { definitions } from '../../shared/registry.js';
import { applyHealthSnapshot } from '../../shared/pipeline/release-held.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** A second Microsoft 365 customer of the demo partner, so "only that tenant" can be told from "everyone". */
const FOURTH_COFFEE = 'aaaaaaaa-0000-4000-8000-0000000000fc';
const ADATUM_SECOND_AZURE_SUB = 'bbbbbbbb-0000-4000-8000-0000000000b2';

function directoryWithTwoM365Customers(): Directory {
  const directory = demoDirectory();
  const adatum = directory.customers.find((c) => c.tenantId === DEMO.adatum)!;
  directory.customers.push({
    ...adatum,
    tenantId: FOURTH_COFFEE,
    name: 'Fourth Coffee',
    defaultDomain: 'fourthcoffee.onmicrosoft.com',
    relationships: adatum.relationships.map((r) => ({ ...r, id: 'gdap-fourth-coffee' })),
    subscriptions: adatum.subscriptions.filter((s) => s.workload === 'office365').map((s) => ({ ...s, id: 'sub-fourth-m365' })),
  });
  // A second Azure subscription of Adatum's, filed for on the same terms as the first.
  const adatumAzure = adatum.subscriptions.find((s) => s.id === DEMO.adatumAzureSub)!;
  adatum.subscriptions.push({ ...adatumAzure, id: ADATUM_SECOND_AZURE_SUB, offerName: 'Azure plan (second)' });
  return directory;
}

const issue = (id: string, service: string, extra: Partial<HealthIssue> = {}): HealthIssue => ({
  id,
  workload: 'office365',
  service,
  classification: 'incident',
  status: 'serviceDegradation',
  title: `${service} degraded`,
  startDateTime: '2025-01-01T08:00:00Z',
  isResolved: false,
  ...extra,
});
const snapshot = (source: HealthSnapshot['source'], issues: HealthIssue[]): HealthSnapshot => ({
  source,
  capturedAt: new Date().toISOString(),
  services: [],
  issues,
});

interface View {
  status: string;
  decision: string;
  reasons: { code: string; severity: string }[];
  incident: { id: string } | null;
  route: { channel: string } | null;
}

describe('known incidents end to end (rule 9)', () => {
  let relay: TestRelay;
  let apiKey: string;
  let receiver: Server;
  let received: ReturnType<typeof createDemoReceiver>['events'];

  beforeAll(async () => {
    relay = await startTestRelay();
    await relay.importDirectory(directoryWithTwoM365Customers());
    let secrets: string[] = [];
    const demo = createDemoReceiver(
      () => secrets,
      () => undefined,
    );
    received = demo.events;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void demo.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const tool = await relay.addTool(DEMO.direct, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/demo/receiver`);
    secrets = [tool.callbackSecret];
    apiKey = tool.apiKey;
  });
  afterAll(async () => {
    await relay.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  async function push(s: HealthSnapshot): Promise<void> {
    const res = await fetch(`${relay.url}/api/v1/service-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(s),
    });
    expect(res.status).toBe(200);
  }

  async function submitAndView(
    customerTenantId: string,
    service: string,
    extra: Record<string, unknown> = {},
  ): Promise<View & { ticketId: string }> {
    const res = await relay.submit(apiKey, {
      customerTenantId,
      workload: 'office365',
      service,
      title: `${service} problem`,
      description: 'Users are affected.',
      severity: 'high',
      agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      ...extra,
    });
    expect(res.status).toBe(202);
    const { ticketId, statusUrl } = (await res.json()) as { ticketId: string; statusUrl: string };
    await relay.drain();
    return { ticketId, ...((await (await relay.get(apiKey, statusUrl)).json()) as View) };
  }

  it('when the relay starts, then health-sync is a timer every five minutes and directory-sync one every six hours', () => {
    const timers = definitions.filter((d) => d.kind === 'timer').map((d) => [d.name, d.kind === 'timer' ? d.schedule : '']);
    expect(timers).toEqual(
      expect.arrayContaining([
        ['health-sync', '0 */5 * * * *'],
        ['directory-sync', '0 0 */6 * * *'],
      ]),
    );
  });

  it("when an active incident names one tenant, then only that tenant's tickets are held, with the incident on them", async () => {
    await push(snapshot('manual', [issue('EX100001', 'Exchange Online', { tenantIds: [DEMO.adatum] })]));
    const adatum = await submitAndView(DEMO.adatum, 'Exchange Online');
    expect(adatum).toMatchObject({ status: 'held', decision: 'known-incident', incident: { id: 'EX100001' } });
    expect(adatum.reasons[0]).toMatchObject({ code: 'KNOWN_INCIDENT', severity: 'block' });
    const other = await submitAndView(FOURTH_COFFEE, 'Exchange Online');
    expect(other).toMatchObject({ status: 'notified', decision: 'eligible', incident: null, route: { channel: 'm365-admin-center' } });
  });

  it('when an Azure incident names subscription A, then a ticket about A is held and one about B of the same customer is filed', async () => {
    const vmIssue = issue('VM100010', 'Virtual Machines', {
      workload: 'azure',
      tenantIds: [DEMO.adatum],
      subscriptionIds: [DEMO.adatumAzureSub],
    });
    await push(snapshot('azure', [vmIssue]));
    const azure = (subscriptionId: string) => submitAndView(DEMO.adatum, 'Virtual Machines', { workload: 'azure', subscriptionId });
    expect(await azure(DEMO.adatumAzureSub)).toMatchObject({ status: 'held', decision: 'known-incident', incident: { id: 'VM100010' } });
    expect(await azure(ADATUM_SECOND_AZURE_SUB)).toMatchObject({
      status: 'notified',
      decision: 'eligible',
      incident: null,
      route: { channel: 'azure-support' },
    });
    await push(snapshot('azure', []));
  });

  it('when an active incident names no tenant, then every matching ticket is held', async () => {
    await push(snapshot('manual', [issue('SP100002', 'SharePoint Online')]));
    for (const customer of [DEMO.adatum, FOURTH_COFFEE]) {
      expect(await submitAndView(customer, 'SharePoint Online')).toMatchObject({ status: 'held', incident: { id: 'SP100002' } });
    }
  });

  it('when the incident is resolved, or on another service, then nothing is held', async () => {
    await push(
      snapshot('manual', [
        issue('TM100003', 'Microsoft Teams', { isResolved: true, status: 'serviceRestored' }),
        issue('EX100004', 'Exchange Online'),
      ]),
    );
    expect(await submitAndView(DEMO.adatum, 'Microsoft Teams')).toMatchObject({ status: 'notified', decision: 'eligible', incident: null });
    expect(await submitAndView(DEMO.adatum, 'Microsoft Intune')).toMatchObject({
      status: 'notified',
      decision: 'eligible',
      incident: null,
    });
  });

  it('when the submitter escalates despite the incident, then it is filed with KNOWN_INCIDENT_OVERRIDDEN and the incident named', async () => {
    await push(snapshot('manual', [issue('EX100005', 'Exchange Online')]));
    const view = await submitAndView(DEMO.adatum, 'Exchange Online', { escalateDespiteIncident: true });
    expect(view).toMatchObject({
      status: 'notified',
      decision: 'eligible',
      incident: { id: 'EX100005' },
      route: { channel: 'm365-admin-center' },
    });
    expect(view.reasons).toContainEqual(expect.objectContaining({ code: 'KNOWN_INCIDENT_OVERRIDDEN', severity: 'warn' }));
  });

  it('when the incident resolves and two snapshot applications race, then each held ticket closes once and the tool hears incident_resolved once', async () => {
    await push(snapshot('manual', []));
    await push(snapshot('graph', [issue('EX100006', 'Exchange Online', { tenantIds: [DEMO.adatum, FOURTH_COFFEE] })]));
    const held = [await submitAndView(DEMO.adatum, 'Exchange Online'), await submitAndView(FOURTH_COFFEE, 'Exchange Online')];
    expect(held.map((t) => [t.status, t.incident?.id])).toEqual([
      ['held', 'EX100006'],
      ['held', 'EX100006'],
    ]);

    const resolved = snapshot('graph', [
      issue('EX100006', 'Exchange Online', { isResolved: true, status: 'serviceRestored', tenantIds: [DEMO.adatum, FOURTH_COFFEE] }),
    ]);
    const [a, b] = await Promise.all([applyHealthSnapshot(relay.deps, resolved), applyHealthSnapshot(relay.deps, resolved)]);
    expect([...a.releasing, ...b.releasing]).toEqual(['EX100006', 'EX100006']);
    await relay.drain();

    for (const { ticketId } of held) {
      const view = (await (await relay.get(apiKey, `/api/v1/service-requests/${ticketId}`)).json()) as View;
      expect(view.status).toBe('closed');
      const events = received.filter((e) => e.ticketId === ticketId);
      expect(events.map((e) => e.type)).toEqual(['ticket.held', 'ticket.incident_resolved']);
      expect(events.every((e) => e.verified)).toBe(true);
    }
  });

  it('when `relay health import` gets a resolved snapshot, then held tickets close; a bad file is refused naming the JSON path', async () => {
    await push(snapshot('graph', []));
    await push(snapshot('manual', [issue('EX100007', 'Exchange Online')]));
    const { ticketId, incident } = await submitAndView(DEMO.adatum, 'Exchange Online');
    expect(incident?.id).toBe('EX100007');
    const dir = mkdtempSync(join(tmpdir(), 'relay-health-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(snapshot('manual', [{ ...issue('EX100007', 'Exchange Online'), startDateTime: 'yesterday' }])));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(snapshot('manual', [issue('EX100007', 'Exchange Online', { isResolved: true })])));

    vi.stubEnv('TABLES_CONNECTION', relay.host.runtime.config.tables.value);
    vi.stubEnv('RELAY_TABLE_PREFIX', relay.host.runtime.config.RELAY_TABLE_PREFIX);
    vi.stubEnv('RELAY_STATE_DIR', dir);
    vi.stubEnv('RELAY_ADMIN_KEY', relay.adminKey);
    vi.stubEnv('RELAY_ENCRYPTION_KEY', relay.host.runtime.config.RELAY_ENCRYPTION_KEY);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const refused = healthCommands.import(parseArgs([bad]));
      await expect(refused).rejects.toThrow(UsageError);
      await expect(refused).rejects.toThrow('$.issues.0.startDateTime');
      expect(((await relay.get(apiKey, `/api/v1/service-requests/${ticketId}`).then((r) => r.json())) as View).status).toBe('held');

      await healthCommands.import(parseArgs([good]));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('1 held tickets closed'));
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    // The CLI wrote the step and its outbox row; the running relay's sweeper sends what the CLI could not.
    await sweepOutbox(relay.deps, 0);
    await relay.drain();
    expect(((await relay.get(apiKey, `/api/v1/service-requests/${ticketId}`).then((r) => r.json())) as View).status).toBe('closed');
    expect(received.filter((e) => e.ticketId === ticketId).map((e) => e.type)).toEqual(['ticket.held', 'ticket.incident_resolved']);
  });
});
