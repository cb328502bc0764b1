import { describe, expect, it } from 'vitest';
import type { ConnectorKind } from '../../shared/connectors/connector.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { CONTRACT_RETRY_WAITS_MS } from '../support/contract-schedule.js';
import { connectorRelayForFile, type AddedConnector } from './support.js';

describe('write-back to the PSA ticket, through the notification retry schedule (fake time)', () => {
  const c = connectorRelayForFile();
  let next = 90_000;

  const fileTicket = async (kind: ConnectorKind): Promise<{ ticketId: string; psaTicketId: string; connector: AddedConnector }> => {
    const connector = await c.addConnector(kind);
    await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
    const psaTicketId = next++;
    const res = await c.post(kind, connector, c.webhook(kind, psaTicketId));
    expect(res.status).toBe(202);
    const { ticketId } = (await res.json()) as { ticketId: string };
    await c.state.relay.drain();
    return { ticketId, psaTicketId: String(psaTicketId), connector };
  };

  it.each<ConnectorKind>(['halo', 'connectwise', 'autotask'])(
    'when %s answers 503, 503, then 429 with Retry-After, then 2xx, then exactly one note arrives, on the schedule, Retry-After honoured',
    async (kind) => {
      const fake = c.state.fakes[kind];
      fake.scriptNotes({ status: 503 }, { status: 503 }, { status: 429, headers: { 'retry-after': '3600' } });
      const { ticketId, psaTicketId } = await fileTicket(kind);

      let delivery = await c.deliveryOf(ticketId);
      expect(delivery.status).toBe('retrying');
      while (delivery.nextAttemptAt) delivery = await c.runNextAttempt(ticketId);

      expect(delivery.status).toBe('delivered');
      expect(delivery.attempts.map((a) => a.statusCode)).toEqual([503, 503, 429, 201]);
      const gaps = delivery.attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(delivery.attempts[i]!.at));
      expect(gaps).toEqual([CONTRACT_RETRY_WAITS_MS[0], CONTRACT_RETRY_WAITS_MS[1], 3_600_000]);
      expect(fake.notesOn(psaTicketId)).toHaveLength(1);
      expect(fake.notesOn(psaTicketId)[0]!.text).toContain(`[relay event ${delivery.eventId}]`);
    },
  );

  it.each<ConnectorKind>(['halo', 'connectwise', 'autotask'])(
    'when %s stores the note but the answer is lost, then the retry finds the note by its event marker and posts no second one',
    async (kind) => {
      const fake = c.state.fakes[kind];
      fake.scriptNotes('store-then-drop');
      const { ticketId, psaTicketId } = await fileTicket(kind);

      const first = await c.deliveryOf(ticketId);
      expect(first.status).toBe('retrying');
      expect(first.attempts[0]!.statusCode).toBeNull();
      expect(fake.notesOn(psaTicketId)).toHaveLength(1);

      const done = await c.runNextAttempt(ticketId);
      expect(done.status).toBe('delivered');
      expect(fake.notesOn(psaTicketId)).toHaveLength(1);
    },
  );

  it('when every attempt fails, then the delivery is failed and `relay deliveries replay` posts the note once the PSA is back', async () => {
    const fake = c.state.fakes.halo;
    fake.scriptNotes(...Array.from({ length: 8 }, () => ({ status: 500 })));
    const { ticketId, psaTicketId } = await fileTicket('halo');
    let delivery = await c.deliveryOf(ticketId);
    while (delivery.nextAttemptAt) delivery = await c.runNextAttempt(ticketId);
    expect(delivery.status).toBe('failed');
    expect(fake.notesOn(psaTicketId)).toHaveLength(0);

    await c.run(c.state.deliveries, ['replay', delivery.eventId, '--partner', DEMO.direct]);
    await c.state.relay.drain();
    expect((await c.deliveryOf(ticketId)).status).toBe('delivered');
    expect(fake.notesOn(psaTicketId)).toHaveLength(1);
  });
});
