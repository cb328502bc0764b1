import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../shared/domain/directory.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { scanAccess } from '../../shared/pipeline/access-watch.js';
import { startReceiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The demo directory with Adatum's relationship ending on the given day. */
function withAdatumEnding(endDateTime: string): Directory {
  const directory = demoDirectory();
  const adatum = directory.customers.find((c) => c.tenantId === DEMO.adatum)!;
  adatum.relationships = adatum.relationships.map((r) => ({ ...r, endDateTime }));
  return directory;
}

interface Received {
  type: string;
  verified: boolean;
  body: { data: { customerTenantId: string; findings?: { code: string; fix?: string }[]; previousFindings?: string[] } };
}

describe('access watch (access.at_risk / access.restored)', () => {
  let relay: TestRelay;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const received = () => receiver.events as unknown as Received[];
  const about = (tenantId: string) => received().filter((e) => e.body.data.customerTenantId === tenantId);

  beforeAll(async () => {
    relay = await startTestRelay();
    receiver = await startReceiver();
    await relay.importDirectory(withAdatumEnding(inDays(300)));
    const tool = await relay.addTool(DEMO.direct, receiver.url);
    receiver.trust([tool.callbackSecret]);
  });
  afterAll(async () => {
    await relay.stop();
    await receiver.close();
  });

  it('when the first scan runs, then each customer already at risk is told once, with findings and fixes, and healthy ones are not', async () => {
    await scanAccess(relay.deps);
    const byCustomer = (id: string) => about(id).map((e) => [e.type, e.body.data.findings?.map((f) => f.code)]);
    expect(byCustomer(DEMO.litware)).toEqual([['access.at_risk', ['NO_ACTIVE_GDAP']]]);
    expect(byCustomer(DEMO.fourthCoffee)).toEqual([['access.at_risk', ['GDAP_PENDING_APPROVAL']]]);
    expect(byCustomer(DEMO.tailspin)).toEqual([['access.at_risk', ['GDAP_EXPIRING']]]);
    expect(byCustomer(DEMO.adatum)).toEqual([]);
    expect(about(DEMO.wingtip)).toEqual([]); // Fabrikam's customer: never told to Contoso's tool
    expect(received().every((e) => e.verified)).toBe(true);
    expect(about(DEMO.litware)[0]!.body.data.findings![0]!.fix).toMatch(/Request a new GDAP relationship/);
  });

  it('when a relationship is moved to end in 10 days, then one access.at_risk; the same scan again sends nothing; the fix sends one access.restored', async () => {
    const before = received().length;
    await relay.importDirectory(withAdatumEnding(inDays(10)));
    await scanAccess(relay.deps);
    expect(
      received()
        .slice(before)
        .map((e) => [e.type, e.body.data.customerTenantId, e.body.data.findings?.map((f) => f.code)]),
    ).toEqual([['access.at_risk', DEMO.adatum, ['GDAP_EXPIRING']]]);

    const afterRisk = received().length;
    await scanAccess(relay.deps);
    expect(received().length).toBe(afterRisk);

    await relay.importDirectory(withAdatumEnding(inDays(300)));
    await scanAccess(relay.deps);
    expect(
      received()
        .slice(afterRisk)
        .map((e) => [e.type, e.body.data.customerTenantId, e.body.data.previousFindings]),
    ).toEqual([['access.restored', DEMO.adatum, ['GDAP_EXPIRING']]]);
  });

  it('when the tool unsubscribes from access events, then a new risk is not sent to it', async () => {
    const tools = await relay.deps.tools.list();
    const tool = tools.find((t) => t.partnerTenantId === DEMO.direct)!;
    await relay.deps.tools.setEvents(tool.toolId, ['ticket.recorded']);
    const before = received().length;
    await relay.importDirectory(withAdatumEnding(inDays(5)));
    await scanAccess(relay.deps);
    expect(received().length).toBe(before);
    await relay.deps.tools.setEvents(tool.toolId, null);
  });
});
