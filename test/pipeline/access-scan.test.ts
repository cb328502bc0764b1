import { describe, expect, it, vi } from 'vitest';
import type { Directory } from '../../shared/domain/directory.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { scanAccess } from '../../shared/pipeline/access-watch.js';
import { pipelineHarness } from './harness.js';
import { bodyOf, scriptedSender } from './scripted-sender.js';

/**
 * The access watch's own answer and its memory (test/watch/access-watch.test.ts follows the events over HTTP): what a
 * scan counts, which partner it scans, and that an event a tool did not take is remembered and offered again.
 */

// Contoso under a tenant id with letters, so a comparison that forgets case cannot pass by accident.
const CONTOSO = 'c0a7050c-1111-4111-8111-11111111abcd';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The demo directory with Contoso renamed, and Adatum's relationship (otherwise healthy) ending on the given day. */
function directory(adatumEnds = inDays(300)): Directory {
  const d = JSON.parse(JSON.stringify(demoDirectory()).replaceAll(DEMO.direct, CONTOSO)) as Directory;
  const adatum = d.customers.find((c) => c.tenantId === DEMO.adatum)!;
  adatum.relationships = adatum.relationships.map((r) => ({ ...r, endDateTime: adatumEnds }));
  return d;
}

async function setUp(...script: (number | null)[]) {
  const sender = scriptedSender(...script);
  const h = await pipelineHarness({
    directory: directory(),
    partnerTenantId: CONTOSO,
    callbackUrl: 'https://psa.example.com/hooks/relay',
    overrides: { webhooks: sender },
  });
  const sentAbout = () => sender.requests.map((r) => bodyOf<{ customerTenantId: string }>(r));
  return { h, sender, sentAbout };
}

describe('access scan: counts and scope', () => {
  it('when one partner is named (any case), then only its customers are scanned and the answer counts customers, risks and events sent', async () => {
    const { h, sentAbout } = await setUp();
    const result = await scanAccess(h.deps, { partnerTenantId: CONTOSO.toUpperCase() });
    // Contoso's related customers in the demo: Adatum, Litware, Tailspin, Fourth Coffee, Proseware (not its own tenant,
    // not Fabrikam's Wingtip). At risk from the start: Litware (ended), Fourth Coffee (pending), Tailspin (expiring).
    const atRisk = sentAbout().filter((e) => e.type === 'access.at_risk');
    expect(atRisk.map((e) => e.data.customerTenantId).sort()).toEqual([DEMO.litware, DEMO.tailspin, DEMO.fourthCoffee].sort());
    expect(result).toEqual({ partners: 1, customers: 5, atRisk: 3, changed: 3, sent: 3 });
  });

  it('when no partner is named, then every partner of the directory is scanned', async () => {
    const { h } = await setUp();
    // Contoso, Northwind Distribution and Fabrikam IT; only Contoso has a tool, so only its events are sent.
    const result = await scanAccess(h.deps);
    expect(result.partners).toBe(3);
    expect(result.customers).toBeGreaterThan(5);
  });
});

describe('access scan: what it remembers', () => {
  it('when the tool does not take the events, then they are remembered as owed, offered again by each scan without rewriting, and settled once taken', async () => {
    const { h, sentAbout } = await setUp(...Array<number>(20).fill(503));
    const first = await scanAccess(h.deps, { partnerTenantId: CONTOSO });
    expect(first.sent).toBe(0);
    const owed = await h.deps.watch.list('access', CONTOSO);
    expect(owed.map((r) => [r.subject, r.state.settled]).sort()).toEqual(
      sentAbout()
        .map((e) => [e.data.customerTenantId, false])
        .sort(),
    );
    expect(owed).toHaveLength(first.changed);

    // Still failing: the same events again, nothing new found and nothing rewritten.
    const save = vi.spyOn(h.deps.watch, 'save');
    const before = sentAbout().length;
    expect(await scanAccess(h.deps, { partnerTenantId: CONTOSO })).toMatchObject({ changed: 0, sent: 0 });
    expect(sentAbout().slice(before)).toEqual(sentAbout().slice(0, before));
    expect(save).not.toHaveBeenCalled();

    // Taken now: sent, and each record settled once.
    h.deps.webhooks = scriptedSender();
    expect(await scanAccess(h.deps, { partnerTenantId: CONTOSO })).toMatchObject({ changed: 0, sent: first.changed });
    expect(save).toHaveBeenCalledTimes(first.changed);
    expect((await h.deps.watch.list('access', CONTOSO)).every((r) => r.state.settled === true)).toBe(true);

    // Settled: the next scan sends and writes nothing.
    save.mockClear();
    expect(await scanAccess(h.deps, { partnerTenantId: CONTOSO })).toMatchObject({ changed: 0, sent: 0 });
    expect(save).not.toHaveBeenCalled();
  });

  it('when a customer is at risk, restored, at risk again and restored again, then four events with four ids reach the tool', async () => {
    const { h, sender, sentAbout } = await setUp();
    await scanAccess(h.deps, { partnerTenantId: CONTOSO });
    const before = sender.requests.length;
    for (const ends of [inDays(10), inDays(300), inDays(5), inDays(300)]) {
      await h.runtime.directory.replace(directory(ends));
      await scanAccess(h.deps, { partnerTenantId: CONTOSO });
    }
    const adatum = sender.requests.slice(before).filter((_, i) => sentAbout()[before + i]!.data.customerTenantId === DEMO.adatum);
    expect(adatum.map((r) => bodyOf(r).type)).toEqual(['access.at_risk', 'access.restored', 'access.at_risk', 'access.restored']);
    expect(new Set(adatum.map((r) => r.headers['webhook-id'])).size).toBe(4);
  });
});
