import { describe, expect, it, vi } from 'vitest';
import { demoDirectory } from '../../shared/local-host/demo-directory.js';
import { sendGdapExpiringNotices } from '../../shared/pipeline/gdap-notices.js';
import { partnerEventId, sendPartnerEvents, type PartnerEvent } from '../../shared/pipeline/partner-events.js';
import { pipelineHarness } from './harness.js';
import { bodyOf, scriptedSender, testClock } from './scripted-sender.js';

/**
 * Partner events (gdap.expiring, access.*, incident.*): sent by the run that finds them to each subscribed tool of the
 * partner, once per event and tool, retried by later runs up to the contract's 8 attempts, then `failed`.
 */

// A partner id with letters, so a comparison that forgets case cannot pass by accident (the demo's partner ids are digits).
const PARTNER = 'abcdef12-3456-4789-8abc-def123456789';
const OTHER_PARTNER = 'fedcba98-7654-4321-8fed-cba987654321';

async function setUp(...script: (number | null)[]) {
  const sender = scriptedSender(...script);
  const clock = testClock();
  const h = await pipelineHarness({
    directory: demoDirectory(),
    partnerTenantId: PARTNER,
    callbackUrl: 'https://psa.example.com/hooks/relay',
    overrides: { webhooks: sender, clock },
  });
  return { h, sender, clock };
}

async function addTool(h: Awaited<ReturnType<typeof setUp>>['h'], partnerTenantId: string, url: string | null) {
  const { tool } = await h.deps.tools.add({ partnerTenantId, name: `tool for ${url}` });
  if (url) await h.deps.tools.setCallback(tool.toolId, url);
  return tool;
}

const expiring = (partnerTenantId: string, key = 'gdap-rel-1\n2026-12-20T00:00:00Z'): PartnerEvent => ({
  partnerTenantId,
  type: 'gdap.expiring',
  key,
  data: { customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000003', endDateTime: '2026-12-20T00:00:00Z' },
});

describe('partner event ids', () => {
  it('when an event is named, then its id says its type and is 32 hex characters of key and tool; same key and tool, same id', () => {
    const key = 'access\naaaaaaaa-0000-4000-8000-000000000002\n1';
    expect(partnerEventId({ type: 'gdap.expiring', key }, 'tool_a')).toMatch(/^evt_gdap_[0-9a-f]{32}$/);
    expect(partnerEventId({ type: 'access.at_risk', key }, 'tool_a')).toMatch(/^evt_access_at_risk_[0-9a-f]{32}$/);
    expect(partnerEventId({ type: 'incident.detected', key }, 'tool_a')).toMatch(/^evt_incident_detected_[0-9a-f]{32}$/);
    const id = partnerEventId({ type: 'access.at_risk', key }, 'tool_a');
    expect(partnerEventId({ type: 'access.at_risk', key }, 'tool_a')).toBe(id);
    expect(partnerEventId({ type: 'access.at_risk', key }, 'tool_b')).not.toBe(id);
    expect(partnerEventId({ type: 'access.at_risk', key: `${key}2` }, 'tool_a')).not.toBe(id);
  });
});

describe('sending partner events', () => {
  it("when an event is found, then each of the partner's subscribed tools gets it once, signed, and nobody else's tool does", async () => {
    const { h, sender } = await setUp();
    const second = await addTool(h, PARTNER, 'https://second.example.com/hook');
    const unsubscribed = await addTool(h, PARTNER, 'https://unsubscribed.example.com/hook');
    await h.deps.tools.setEvents(unsubscribed.toolId, ['ticket.recorded']);
    await h.deps.tools.disable((await addTool(h, PARTNER, 'https://disabled.example.com/hook')).toolId);
    await addTool(h, PARTNER, null); // no callback: nothing to send to
    await addTool(h, OTHER_PARTNER, 'https://other-partner.example.com/hook');

    // The event names its partner in capitals: tenant ids compare without case.
    const event = expiring(PARTNER.toUpperCase());
    expect(await sendPartnerEvents(h.deps, [event])).toEqual({ delivered: 2, retrying: 0, failed: 0, skipped: 1, unsettled: [] });
    // One request per tool (sorted here: the registry lists tools in an order of its own).
    expect(sender.requests.map((r) => [r.url, r.headers['webhook-id']]).sort()).toEqual([
      ['https://psa.example.com/hooks/relay', partnerEventId(event, h.tool.toolId)],
      ['https://second.example.com/hook', partnerEventId(event, second.toolId)],
    ]);
    const request = sender.requests.find((r) => r.url === 'https://psa.example.com/hooks/relay');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(bodyOf(request!)).toMatchObject({ type: 'gdap.expiring', data: event.data });

    // Found again by the next run: already delivered, so nothing is sent.
    expect(await sendPartnerEvents(h.deps, [event])).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 3, unsettled: [] });
    expect(sender.requests).toHaveLength(2);
  });

  it('when nothing was found, then the tool registry is not even read', async () => {
    const { h } = await setUp();
    const list = vi.spyOn(h.deps.tools, 'list');
    expect(await sendPartnerEvents(h.deps, [])).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 0, unsettled: [] });
    expect(list).not.toHaveBeenCalled();
  });

  it('when tools keep failing, then each run tries again with the same event until the 8th attempt, then failed and never sent again', async () => {
    const { h, sender, clock } = await setUp(...Array<number | null>(16).fill(500));
    const second = await addTool(h, PARTNER, 'https://second.example.com/hook');
    const event = expiring(PARTNER);
    const firstSentAt = clock.now().toISOString();

    for (let run = 1; run <= 7; run++) {
      // Two tools owe a retry for one event: the key is listed once.
      expect(await sendPartnerEvents(h.deps, [event])).toEqual({
        delivered: 0,
        retrying: 2,
        failed: 0,
        skipped: 0,
        unsettled: [event.key],
      });
      clock.advance(60 * 60_000);
    }
    expect(await sendPartnerEvents(h.deps, [event])).toEqual({ delivered: 0, retrying: 0, failed: 2, skipped: 0, unsettled: [] });
    expect(await sendPartnerEvents(h.deps, [event])).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 2, unsettled: [] });
    expect(sender.requests).toHaveLength(16);

    // Every attempt carries the same event: its id and the time it was first sent; the header says when this attempt was made.
    const toSecond = sender.requests.filter((r) => r.url === 'https://second.example.com/hook');
    expect(new Set(toSecond.map((r) => r.headers['webhook-id']))).toEqual(new Set([partnerEventId(event, second.toolId)]));
    expect(new Set(toSecond.map((r) => bodyOf(r).timestamp))).toEqual(new Set([firstSentAt]));
    expect(new Set(toSecond.map((r) => r.headers['webhook-timestamp'])).size).toBe(8);

    const delivery = await h.deps.deliveries.get(PARTNER, partnerEventId(event, second.toolId));
    expect(delivery).toMatchObject({ status: 'failed', type: 'gdap.expiring', toolId: second.toolId, ticketId: null });
    expect(delivery!.attempts).toHaveLength(8);
    expect(delivery!.attempts[0]).toMatchObject({ statusCode: 500, error: 'callback answered HTTP 500' });
  });

  it('when a retry gets through, then the event is delivered and its delivery keeps both attempts and why the first failed', async () => {
    const { h, clock } = await setUp(null);
    const event = expiring(PARTNER);
    expect(await sendPartnerEvents(h.deps, [event])).toMatchObject({ retrying: 1, unsettled: [event.key] });
    clock.advance(5 * 60_000);
    expect(await sendPartnerEvents(h.deps, [event])).toEqual({ delivered: 1, retrying: 0, failed: 0, skipped: 0, unsettled: [] });
    const delivery = await h.deps.deliveries.get(PARTNER, partnerEventId(event, h.tool.toolId));
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [null, 'connection failed (ECONNREFUSED)'],
      [204, undefined],
    ]);
  });
});

describe('gdap.expiring notices', () => {
  const expiry = (relationshipId: string, endDateTime: string) => ({
    partnerTenantId: PARTNER,
    customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000003',
    customerName: 'Tailspin Toys',
    relationshipId,
    endDateTime,
    message: `GDAP relationship ${relationshipId} ends soon`,
    fix: 'Turn on auto-extend for the relationship or request a new one before it ends.',
  });

  it('when two relationships end, or one is moved to end later, then each relationship and end date is its own notice', async () => {
    const { h, sender } = await setUp();
    const first = [expiry('rel-1', '2026-12-20T00:00:00Z'), expiry('rel-2', '2026-12-20T00:00:00Z')];
    expect(await sendGdapExpiringNotices(h.deps, first)).toMatchObject({ delivered: 2 });
    // The same expiries found again by the next sync: nothing new.
    expect(await sendGdapExpiringNotices(h.deps, first)).toMatchObject({ delivered: 0, skipped: 2 });
    expect(await sendGdapExpiringNotices(h.deps, [expiry('rel-1', '2026-12-27T00:00:00Z')])).toMatchObject({ delivered: 1 });
    expect(new Set(sender.requests.map((r) => r.headers['webhook-id'])).size).toBe(3);
    expect(sender.requests.map((r) => bodyOf<{ relationshipId: string }>(r).data.relationshipId)).toEqual(['rel-1', 'rel-2', 'rel-1']);
  });
});
