import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { syncDirectory } from '../../shared/pipeline/directory-sync.js';
import { sendGdapExpiringNotices } from '../../shared/pipeline/gdap-notices.js';
import { inOrder, ScriptedReceiver } from '../notifications/support/scripted-receiver.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';

/** `gdap.expiring` from directory sync: a signed partner event, once per relationship end date and tool. */
describe('gdap.expiring notices', () => {
  let relay: TestRelay;
  const receiver = new ScriptedReceiver();

  beforeAll(async () => {
    await receiver.start();
    ({ relay } = await startDemoRelay());
  });
  afterAll(async () => {
    await relay.stop();
    await receiver.stop();
  });

  const expiring = async () =>
    (await syncDirectory({ feed: null, writer: relay.host.runtime.directory, now: relay.deps.clock.now() })).expiring;

  it('when a customer relationship ends within 30 days, then each of the partner’s tools gets one signed notice and a later sync sends nothing again', async () => {
    const created = await relay.addTool(DEMO.direct, receiver.url('/gdap'));
    receiver.on('/gdap', inOrder({ status: 204 }));
    const found = (await expiring()).filter((e) => e.partnerTenantId === DEMO.direct);
    expect(found.map((e) => e.customerTenantId)).toEqual([DEMO.tailspin]);

    expect(await sendGdapExpiringNotices(relay.deps, found)).toMatchObject({ delivered: 1, retrying: 0 });
    const [call] = receiver.callsTo('/gdap');
    const verdict = verifyWebhook({
      headers: {
        id: String(call!.headers['webhook-id']),
        timestamp: String(call!.headers['webhook-timestamp']),
        signature: String(call!.headers['webhook-signature']),
      },
      rawBody: call!.body,
      secrets: [created.callbackSecret],
      now: new Date(),
    });
    expect(verdict.ok).toBe(true);
    expect(JSON.parse(call!.body)).toMatchObject({
      type: 'gdap.expiring',
      data: { customerTenantId: DEMO.tailspin, partnerTenantId: DEMO.direct },
    });

    expect(await sendGdapExpiringNotices(relay.deps, found)).toMatchObject({ delivered: 0, skipped: 1 });
    expect(receiver.callsTo('/gdap')).toHaveLength(1);
    await relay.deps.tools.disable(created.tool.toolId);
  });

  it('when the tool fails to take the notice, then the next sync tries again with the same event id', async () => {
    await relay.addTool(DEMO.direct, receiver.url('/flaky'));
    receiver.on('/flaky', inOrder({ status: 500 }, { status: 204 }));
    const found = (await expiring()).filter((e) => e.partnerTenantId === DEMO.direct);
    expect(await sendGdapExpiringNotices(relay.deps, found)).toMatchObject({ retrying: 1 });
    expect(await sendGdapExpiringNotices(relay.deps, found)).toMatchObject({ delivered: 1 });
    const ids = receiver.callsTo('/flaky').map((c) => c.headers['webhook-id']);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });
});
