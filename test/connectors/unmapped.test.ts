import { describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { connectorRelayForFile } from './support.js';

describe('a PSA company with no customer mapped yet', () => {
  const c = connectorRelayForFile();

  it('when its webhook arrives, then 202 parked and listed by `unmapped`; after `map` the ticket is filed and the note posted without a re-send', async () => {
    const connector = await c.addConnector('halo');
    const body = c.webhook('halo', 70_001);

    const parked = await c.post('halo', connector, body);
    expect(parked.status).toBe(202);
    expect(await parked.json()).toMatchObject({ status: 'parked', companyId: '12' });
    // The PSA re-sending while unmapped keeps one parked event, never a ticket.
    expect((await c.post('halo', connector, body)).status).toBe(202);
    await c.state.relay.drain();
    expect(await c.ticketsFor('70001')).toEqual([]);

    const listed = await c.run(c.state.cli, ['unmapped', connector.connectorId]);
    expect(listed.filter((l) => l.includes('PSA ticket 70001'))).toHaveLength(1);
    expect(listed[0]).toContain('company 12 (Adatum Corporation)');

    const mapped = await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
    expect(mapped.join('\n')).toMatch(/parked PSA ticket 70001: ticket tk_/);
    await c.state.relay.drain();

    const tickets = await c.ticketsFor('70001');
    expect(tickets).toHaveLength(1);
    expect(c.state.fakes.halo.notesOn('70001')).toHaveLength(1);
    expect(await c.run(c.state.cli, ['unmapped', connector.connectorId])).toEqual(['nothing parked']);

    // The PSA re-sending after the mapping finds the ticket the mapping filed.
    const resent = await c.post('halo', connector, body);
    expect(resent.status).toBe(200);
    expect(await resent.json()).toMatchObject({ status: 'duplicate', ticketId: tickets[0]!.ticketId });
  });

  it('when `map import` reads a CSV with a header, then each company is mapped and its parked events filed; a tenant that is not a GUID or not a customer of the partner writes nothing', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const connector = await c.addConnector('halo');
    expect((await c.post('halo', connector, c.webhook('halo', 70_002))).status).toBe(202);

    const bad = join(tmpdir(), `map-bad-${process.pid}.csv`);
    writeFileSync(bad, `company,tenant\n12,${DEMO.adatum}\n14,not-a-guid\n`);
    await expect(c.run(c.state.cli, ['map', 'import', connector.connectorId, bad])).rejects.toThrow(
      /company 14: the customer's tenant id must be a GUID, not "not-a-guid"; nothing was written/,
    );
    // Wingtip is the reseller's customer, not this partner's: its tickets could only be refused, so nothing is mapped.
    writeFileSync(bad, `12,${DEMO.adatum}\n14,${DEMO.wingtip}\n`);
    await expect(c.run(c.state.cli, ['map', 'import', connector.connectorId, bad])).rejects.toThrow(
      /company 14: tenant \S+ is not one of this partner's customers in the directory; nothing was written/,
    );
    await expect(c.run(c.state.cli, ['map', connector.connectorId, '--company', '14', '--tenant', DEMO.wingtip])).rejects.toThrow(
      /cannot map company 14: tenant \S+ is not one of this partner's customers/,
    );
    expect(await c.state.relay.deps.connectors.mappings(connector.connectorId)).toEqual([]);

    const good = join(tmpdir(), `map-good-${process.pid}.csv`);
    writeFileSync(good, `company,tenant\n12,${DEMO.adatum}\n14,${DEMO.litware}\n`);
    const out = await c.run(c.state.cli, ['map', 'import', connector.connectorId, good]);
    expect(out.at(-1)).toBe('2 companies mapped');
    await c.state.relay.drain();
    expect(await c.ticketsFor('70002')).toHaveLength(1);
  });

  it("when `map suggest` runs, then PSA companies are matched to the partner's customers by domain and name, with a confidence, and nothing is applied", async () => {
    const connector = await c.addConnector('halo');
    const out = await c.run(c.state.cli, ['map', 'suggest', connector.connectorId]);
    const adatum = out.find((l) => l.startsWith('12 '));
    expect(adatum).toContain(DEMO.adatum);
    expect(adatum).toMatch(/confidence 0\.95 \(domain\)/);
    expect(out.join('\n')).toContain(`apply: relay connectors map ${connector.connectorId} --company 12 --tenant ${DEMO.adatum}`);
    expect(out.at(-1)).toMatch(/nothing was applied/);
    expect(await c.state.relay.deps.connectors.mappings(connector.connectorId)).toEqual([]);
  });
});
