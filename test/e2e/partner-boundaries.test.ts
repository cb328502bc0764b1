import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTool, get, listPages, m365Request, submit, submitSigned, type ToolCredentials } from './support/black-box-client.js';
import { hostIsBuilt, pollUntil, startLocalHost, type LocalHost } from './support/local-host.js';

/**
 * Issue 20: three promises that survived hand-made mutations, tested from outside the compiled local host. Tickets
 * are partitioned by partner tenant id, so the lowest and the highest possible ids are the first and last partitions:
 * a cursor that is not pinned to its partition runs from one partner's tickets straight into the other's.
 */
const LOWEST = '00000000-0000-4000-8000-000000000000';
const HIGHEST = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const TICKETS_EACH = 3;

type View = { ticketId: string; externalRef: string };

describe.skipIf(!hostIsBuilt)('partner boundaries against npm start (compiled local host; skipped when dist/ is missing)', () => {
  let host: LocalHost;
  let low: ToolCredentials;
  let high: ToolCredentials;

  beforeAll(async () => {
    host = await startLocalHost();
    [low, high] = await Promise.all([addTool(host, LOWEST, 'PSA lowest'), addTool(host, HIGHEST, 'PSA highest')]);
  });
  afterAll(() => host.stop());

  it("when partners with the lowest and highest tenant ids page with limit=1, then each sees all of its own tickets and none of the other's", async () => {
    const refs = (tag: string) => Array.from({ length: TICKETS_EACH }, (_, i) => `${tag}-${i + 1}`);
    for (const [tool, tag] of [
      [low, 'LOW'],
      [high, 'HIGH'],
    ] as const) {
      for (const ref of refs(tag)) expect((await submit(host, tool.apiKey, m365Request(ref))).status).toBe(202);
    }

    const lowPages = await listPages(host, low.apiKey, 1);
    const highPages = await listPages(host, high.apiKey, 1);

    expect(lowPages.flat().sort()).toEqual(refs('LOW'));
    expect(highPages.flat().sort()).toEqual(refs('HIGH'));
    // Positive control: every ticket was reached through a cursor (one a page), not on one first page.
    for (const pages of [lowPages, highPages]) expect(pages.map((p) => p.length <= 1)).not.toContain(false);
  });

  it('when two tools of one partner send the same Idempotency-Key, then each gets its own ticket; the same tool resending gets its replay', async () => {
    const [first, second] = await Promise.all([addTool(host, LOWEST, 'PSA one'), addTool(host, LOWEST, 'PSA two')]);
    const key = 'psa-4711';
    const body = m365Request('SHARED-KEY');

    const fromFirst = await submit(host, first.apiKey, body, key);
    const fromSecond = await submit(host, second.apiKey, body, key);
    expect([fromFirst.status, fromSecond.status]).toEqual([202, 202]);
    expect([fromFirst.headers.get('idempotent-replayed'), fromSecond.headers.get('idempotent-replayed')]).toEqual([null, null]);
    const [a, b] = [(await fromFirst.json()) as View, (await fromSecond.json()) as View];
    expect(a.ticketId).not.toBe(b.ticketId);

    // Positive control: the key is honoured within one tool.
    const resent = await submit(host, first.apiKey, body, key);
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect(((await resent.json()) as View).ticketId).toBe(a.ticketId);
    const mine = await get<{ items: View[] }>(host, first.apiKey, '/api/v1/service-requests?externalRef=SHARED-KEY');
    expect(mine.items.map((t) => t.ticketId).sort()).toEqual([a.ticketId, b.ticketId].sort());
  });

  it('when a tool is disabled, then its signed (?toolId=) request is refused with 401; while enabled, the same request is accepted', async () => {
    const tool = await addTool(host, HIGHEST, 'PSA to disable');
    const enabled = await submitSigned(host, tool, m365Request('SIGNED-ENABLED'));
    expect(enabled.status).toBe(202);

    await host.relay('tools', 'disable', tool.toolId);
    // The relay promises tool changes are live within 2 s (its lookup cache); allow a loaded machine more.
    const refused = await pollUntil(
      () => submitSigned(host, tool, m365Request('SIGNED-DISABLED')),
      (res) => res.status === 401,
      8_000,
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
