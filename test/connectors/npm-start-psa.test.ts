import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, pollUntil, startLocalHost, type LocalHost } from '../e2e/support/local-host.js';

/** Black box: `npm start` registers a demo Halo connector against a fake Halo inside the host and prints the curl to play it. */
describe.skipIf(!hostIsBuilt)('npm start, PSA demo (compiled local host; skipped when dist/ is missing)', () => {
  let host: LocalHost;
  let printedWebhook: { webhookUrl: string; user: string; password: string; file: string } | undefined;
  const notesOf = async (psaTicketId: string) =>
    ((await (await fetch(`${host.url}/demo/psa`)).json()) as { notes: { ticketId: string; text: string }[] }).notes.filter(
      (n) => n.ticketId === psaTicketId,
    );

  beforeAll(async () => {
    host = await startLocalHost();
    await pollUntil(
      async () => host.output(),
      (o) => o.includes('/demo/psa '),
      20_000,
    );
  });
  afterAll(() => host.stop());

  it('when the printed Halo webhook curl is played, then a ticket is filed and GET /demo/psa shows the note on the Halo ticket; played again, it is a duplicate', async () => {
    const printed =
      /curl -s -X POST (\S+\/api\/v1\/connectors\/conn_[\w-]+\/events) -u '([^:']+):([^']+)' \\\n\s+-H "Content-Type: application\/json" --data-binary @(\S+)/.exec(
        host.output(),
      );
    expect(printed, host.output()).not.toBeNull();
    const [, webhookUrl, user, password, file] = printed!;
    const play = () =>
      fetch(webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
        body: readFileSync(file!, 'utf8'),
      });
    printedWebhook = { webhookUrl: webhookUrl!, user: user!, password: password!, file: file! };
    const first = await play();
    expect(first.status).toBe(202);
    const { ticketId } = (await first.json()) as { ticketId: string };

    const notes = await pollUntil(
      async () => ((await (await fetch(`${host.url}/demo/psa`)).json()) as { notes: { ticketId: string; text: string }[] }).notes,
      (n) => n.length > 0,
      10_000,
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]!.ticketId).toBe('40217');
    expect(notes[0]!.text).toContain(ticketId);
    expect(notes[0]!.text).toMatch(/Decision: eligible/);

    const again = await play();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate', ticketId });
  });

  // The operator's CLI is another process with its own in-process broker: the relay's outbox sweeper (every 30 s, rows
  // older than 30 s) publishes what it wrote, so the note lands within about a minute.
  it(
    'when a webhook names an unmapped Halo client and the operator runs `relay connectors map` from the CLI, then the ticket is filed and the note posted without a re-send',
    { timeout: 150_000 },
    async () => {
      expect(printedWebhook).toBeDefined();
      const { webhookUrl, user, password, file } = printedWebhook!;
      const body = JSON.parse(readFileSync(file, 'utf8')) as { ticket: Record<string, unknown> };
      const unmapped = { ...body, ticket: { ...body.ticket, id: 40300, client_id: 14, client_name: 'Litware Inc' } };
      const parked = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
        body: JSON.stringify(unmapped),
      });
      expect(parked.status).toBe(202);
      const connectorId = /connectors\/(conn_[\w-]+)\/events/.exec(webhookUrl)![1]!;
      expect(await host.relay('connectors', 'unmapped', connectorId)).toContain('PSA ticket 40300');

      const mapped = await host.relay(
        'connectors',
        'map',
        connectorId,
        '--company',
        '14',
        '--tenant',
        'aaaaaaaa-0000-4000-8000-000000000002',
      );
      expect(mapped).toMatch(/parked PSA ticket 40300: ticket tk_/);
      const notes = await pollUntil(
        () => notesOf('40300'),
        (n) => n.length > 0,
        120_000,
      );
      expect(notes).toHaveLength(1);
    },
  );
});
