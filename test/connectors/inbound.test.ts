import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectorKind } from '../../shared/connectors/connector.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { connectorRelayForFile } from './support.js';

/** Autotask sends its issue type as a picklist id: the connector's workload map names what id 8 means. */
const workloadMap = join(tmpdir(), `psa-workload-map-${process.pid}.json`);
writeFileSync(workloadMap, JSON.stringify({ '8': { workload: 'office365', service: 'SharePoint Online' } }));

describe('a PSA webhook, as each PSA sends it, against the running local host', () => {
  const c = connectorRelayForFile();
  let next = 50_000;

  /** A connector of the kind with Adatum mapped, and its recorded webhook for a fresh PSA ticket. */
  const arrange = async (kind: ConnectorKind) => {
    const connector = await c.addConnector(kind, kind === 'autotask' ? ['--workload-map', workloadMap] : []);
    await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
    const psaTicketId = next++;
    return { connector, psaTicketId, body: c.webhook(kind, psaTicketId) };
  };

  it.each<ConnectorKind>(['halo', 'connectwise', 'autotask'])(
    'when %s sends its recorded ticket webhook, then one relay ticket (externalRef = PSA ticket id) and one note with the decision and deep link; the same webhook again changes nothing',
    async (kind) => {
      const { connector, psaTicketId, body } = await arrange(kind);

      const first = await c.post(kind, connector, body);
      expect(first.status).toBe(202);
      const { ticketId } = (await first.json()) as { ticketId: string };
      await c.state.relay.drain();

      const tickets = await c.ticketsFor(String(psaTicketId));
      expect(tickets.map((t) => t.ticketId)).toEqual([ticketId]);
      const view = await c.view(ticketId);
      expect(view.externalRef).toBe(String(psaTicketId));
      expect(view.customerTenantId).toBe(DEMO.adatum);
      expect(view.decision).not.toBeNull();
      expect(view.route?.deepLink).toBeTruthy();

      const notes = c.state.fakes[kind].notesOn(String(psaTicketId));
      expect(notes).toHaveLength(1);
      expect(notes[0]!.text).toContain(`Decision: ${view.decision}`);
      expect(notes[0]!.text).toContain(view.route!.deepLink!);
      expect(notes[0]!.text).toContain(ticketId);

      const again = await c.post(kind, connector, body);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ status: 'duplicate', ticketId });
      await c.state.relay.drain();
      expect((await c.ticketsFor(String(psaTicketId))).map((t) => t.ticketId)).toEqual([ticketId]);
      expect(c.state.fakes[kind].notesOn(String(psaTicketId))).toHaveLength(1);
    },
  );

  it.each<ConnectorKind>(['halo', 'connectwise', 'autotask'])(
    'when %s sends the webhook with a wrong credential or signature, then 401 with the one message and nothing is written; the right one is then accepted',
    async (kind) => {
      const { connector, psaTicketId, body } = await arrange(kind);
      const notesBefore = c.state.fakes[kind].notes.length;

      const refused = await c.post(kind, connector, body, 'bad-credential');
      expect(refused.status).toBe(401);
      const problem = (await refused.json()) as { detail: string };
      await c.state.relay.drain();
      expect(await c.ticketsFor(String(psaTicketId))).toEqual([]);
      expect(await c.state.relay.deps.connectors.parked(connector.connectorId)).toEqual([]);
      expect(c.state.fakes[kind].notes).toHaveLength(notesBefore);

      // An unknown connector gets exactly the same answer.
      const unknown = await c.post(
        kind,
        { ...connector, webhookUrl: connector.webhookUrl.replace(connector.connectorId, 'conn_AAAAAAAAAAAA') },
        body,
      );
      expect(unknown.status).toBe(401);
      expect(((await unknown.json()) as { detail: string }).detail).toBe(problem.detail);

      // Positive control: the same request, correctly signed.
      const accepted = await c.post(kind, connector, body);
      expect(accepted.status).toBe(202);
    },
  );

  it('when the body is not JSON, then 400 after the credentials check; an Autotask webhook for another entity is 200 ignored', async () => {
    const halo = await c.addConnector('halo');
    const auth = `Basic ${Buffer.from(`${halo.webhookUsername}:${halo.webhookPassword}`).toString('base64')}`;
    const broken = await fetch(halo.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: '{"ticket":',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');

    const at = await c.addConnector('autotask');
    const contact = { ...c.webhook('autotask', next++), EntityType: 'Contact' };
    const ignored = await c.post('autotask', at, contact);
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toMatchObject({ status: 'ignored' });
  });

  it('when a connector is disabled, then its webhooks get the same 401 and `list` shows it disabled without credentials', async () => {
    const connector = await c.addConnector('halo');
    await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
    await c.run(c.state.cli, ['disable', connector.connectorId]);
    const refused = await c.post('halo', connector, c.webhook('halo', next++));
    expect(refused.status).toBe(401);
    const listed = (await c.run(c.state.cli, ['list'])).find((l) => l.startsWith(connector.connectorId));
    expect(listed).toContain('DISABLED');
    expect(listed).not.toContain(connector.webhookPassword);
  });

  it("when ConnectWise names the ticket owner and the owner is one of the partner's agents, then the ticket is filed as that agent; priority and category come from the maps", async () => {
    const { connector, psaTicketId, body } = await arrange('connectwise');
    const res = await c.post('connectwise', connector, body);
    const { ticketId } = (await res.json()) as { ticketId: string };
    const stored = await c.state.relay.deps.tickets.get(DEMO.direct, ticketId);
    expect(stored?.ticket.request).toMatchObject({
      agent: { userPrincipalName: 'lee@contoso-cloud.example' },
      severity: 'critical',
      workload: 'office365',
      service: 'Microsoft Teams',
      externalRef: String(psaTicketId),
    });
  });

  it('when a connector is added with a PSA base URL on a private address, then it is refused and nothing is written', async () => {
    const before = (await c.state.relay.deps.connectors.list()).length;
    await expect(c.addConnector('halo', ['--base-url', 'https://10.1.2.3'])).rejects.toThrow(/--base-url refused/);
    expect(await c.state.relay.deps.connectors.list()).toHaveLength(before);
  });
});
