import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningSecret, signWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { createDemoReceiver } from '../../shared/local-host/demo-receiver.js';

/** The demo receiver `npm start` mounts at /demo/receiver, served here on its own 127.0.0.1 port. */
describe('demo receiver', () => {
  const secret = generateSigningSecret();
  const logged: string[] = [];
  let secrets = [secret];
  const receiver = createDemoReceiver(
    () => secrets,
    (line) => logged.push(line),
  );
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!receiver.handle(req, res, Buffer.concat(chunks))) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo/receiver`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    logged.length = 0;
    secrets = [secret];
  });

  const event = (id: string) =>
    JSON.stringify({ type: 'ticket.recorded', timestamp: new Date().toISOString(), data: { ticketId: `tk_${id}`, status: 'recorded' } });
  const post = (id: string, body: string, signWith: string[], sentBody = body) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook({ id, timestamp, body, secrets: signWith });
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      body: sentBody,
    });
  };

  it('when an event is signed with the callback secret, then it is accepted and logged as valid', async () => {
    expect((await post('evt_ok', event('ok'), [secret])).status).toBe(204);
    expect(receiver.events.at(-1)).toMatchObject({ id: 'evt_ok', type: 'ticket.recorded', ticketId: 'tk_ok', verified: true });
    expect(logged).toEqual([expect.stringMatching(/ticket\.recorded for tk_ok \(recorded\) — signature valid$/)]);
  });

  it('when an event is signed with another secret, then it is rejected with 401 and logged as invalid', async () => {
    expect((await post('evt_forged', event('forged'), [generateSigningSecret()])).status).toBe(401);
    expect(receiver.events.at(-1)).toMatchObject({ id: 'evt_forged', verified: false });
    expect(logged).toEqual([expect.stringContaining('signature INVALID (bad-signature)')]);
  });

  it('when the body is changed after signing, then it is rejected', async () => {
    const body = event('tampered');
    expect((await post('evt_tampered', body, [secret], body.replace('recorded', 'rejected'))).status).toBe(401);
  });

  it('when the relay signs with old and new secrets during a rotation, then a receiver knowing either accepts it', async () => {
    const rotated = generateSigningSecret();
    expect((await post('evt_rotating', event('rotating'), [rotated, secret])).status).toBe(204);
    secrets = [rotated];
    expect((await post('evt_rotated', event('rotated'), [rotated, secret])).status).toBe(204);
  });

  it('when asked with GET, then it lists what arrived', async () => {
    const seen = (await (await fetch(url)).json()) as { id: string }[];
    expect(seen.map((e) => e.id)).toEqual(expect.arrayContaining(['evt_ok', 'evt_forged']));
  });
});
