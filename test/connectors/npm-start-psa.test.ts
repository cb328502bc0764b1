import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, pollUntil, startLocalHost, type LocalHost } from '../e2e/support/local-host.js';

/** Black box: `npm start` registers a demo Halo connector against a fake Halo inside the host and prints the curl to play it. */
describe.skipIf(!hostIsBuilt)('npm start, PSA demo (compiled local host; skipped when dist/ is missing)', () => {
  let host: LocalHost;

  beforeAll(async () => {
    host = await startLocalHost();
    await pollUntil(async () => host.output(), (o) => o.includes('/demo/psa '), 20_000);
  });
  afterAll(() => host.stop());

  it('when the printed Halo webhook curl is played, then a ticket is filed and GET /demo/psa shows the note on the Halo ticket; played again, it is a duplicate', async () => {
    const printed = /curl -s -X POST (\S+\/api\/v1\/connectors\/conn_[\w-]+\/events) -u '([^:']+):([^']+)' \\\n\s+-H "Content-Type: application\/json" --data-binary @(\S+)/.exec(host.output());
    expect(printed, host.output()).not.toBeNull();
    const [, webhookUrl, user, password, file] = printed!;
    const play = () => fetch(webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      body: readFileSync(file!, 'utf8'),
    });
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
});
