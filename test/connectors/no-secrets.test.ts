import { describe, expect, it } from 'vitest';
import { createTableClient } from '../../shared/adapters/tables/table-clients.js';
import type { ConnectorKind } from '../../shared/connectors/connector.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { TABLES } from '../../shared/tables.js';
import { CREDS, connectorRelayForFile } from './support.js';

describe('PSA credentials stay secret', () => {
  const c = connectorRelayForFile();

  it('when connectors run every path (accept, refuse, park, retry, fail to sign in), then no credential appears in logs, CLI output, ticket views, deliveries, errors or stored rows', async () => {
    const seen: string[] = [];
    const secrets = [
      CREDS.halo.clientSecret,
      CREDS.connectwise.privateKey,
      CREDS.connectwise.publicKey,
      CREDS.connectwise.signingKey,
      CREDS.autotask.secret,
      CREDS.autotask.integrationCode,
      CREDS.autotask.webhookSecret,
      Buffer.from(`${CREDS.connectwise.company}+${CREDS.connectwise.publicKey}:${CREDS.connectwise.privateKey}`).toString('base64'),
    ];
    const kinds: ConnectorKind[] = ['halo', 'connectwise', 'autotask'];
    let psaTicket = 60_000;
    for (const kind of kinds) {
      const connector = await c.addConnector(kind);
      if (connector.webhookPassword) secrets.push(connector.webhookPassword);
      // The PSA sends an unmapped company first (parked), then it is mapped; the note fails once, then lands.
      c.state.fakes[kind].scriptNotes({ status: 503 });
      const ticketNo = psaTicket++;
      const parked = await c.post(kind, connector, c.webhook(kind, ticketNo));
      seen.push(await parked.text());
      seen.push(...(await c.run(c.state.cli, ['unmapped', connector.connectorId])));
      seen.push(...(await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum])));
      await c.state.relay.drain();
      const [ticket] = await c.ticketsFor(String(ticketNo));
      const delivery = await c.runNextAttempt(ticket!.ticketId);
      expect(delivery.status).toBe('delivered');
      seen.push(JSON.stringify(await c.view(ticket!.ticketId)));
      seen.push(...(await c.run(c.state.deliveries, ['show', delivery.eventId, '--partner', DEMO.direct])));
      seen.push(await (await c.post(kind, connector, c.webhook(kind, ticketNo), 'bad-credential')).text());
      seen.push(...(await c.run(c.state.cli, ['show', connector.connectorId])));
      seen.push(...(await c.run(c.state.cli, ['test', connector.connectorId])));
    }
    seen.push(...(await c.run(c.state.cli, ['list'])));

    // A PSA that refuses the stored credentials: the error names the PSA and the status, not what was sent.
    const halo = await c.addConnector('halo');
    const saved = c.state.fakes.halo.credentials.halo!;
    c.state.fakes.halo.credentials.halo = { ...saved, clientSecret: 'rotated-in-halo' };
    const failure = await c.run(c.state.cli, ['test', halo.connectorId]).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/could not sign in to halo .*HTTP 401/);
    seen.push(failure!.message);
    c.state.fakes.halo.credentials.halo = saved;

    const config = c.state.relay.host.runtime.config;
    const rows: string[] = [];
    for (const table of Object.values(TABLES)) {
      const client = createTableClient(config.tables, `${config.RELAY_TABLE_PREFIX ?? ''}${table}`);
      for await (const row of client.listEntities()) rows.push(JSON.stringify(row));
    }
    expect(rows.some((r) => r.includes('"partitionKey":"connector"'))).toBe(true);

    const everything = [...seen, ...c.state.logs, ...rows].join('\n');
    // The grep is over what was really written: the connector function's own lines, the stored connector rows.
    expect(c.state.logs.some((l) => l.includes('connector webhook refused'))).toBe(true);
    expect(c.state.logs.some((l) => l.includes('connector webhook parked'))).toBe(true);
    for (const secret of secrets) expect(everything, 'a PSA credential leaked').not.toContain(secret);
  });
});
