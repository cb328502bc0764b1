import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureTicketName } from '../../shared/domain/routing/ticket-name.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** The Azure subscription the demo partner holds for its own use (demo-directory.ts, the partner's own tenant). */
const OWN_AZURE_SUB = 'bbbbbbbb-0000-4000-8000-00000000000c';

interface View {
  ticketId: string;
  status: string;
  decision: string;
  reasons: { code: string; severity: string; fix?: string }[];
  customerCanSelfFile: boolean | null;
  route: {
    channel: string;
    deepLink?: string;
    providerTenantId?: string;
    isv?: { publisher: string; supportUrl?: string };
    plan?: { kind: string; id: string };
    payload?: Record<string, unknown>;
  };
}

/** `moderate` is filed as Microsoft's lowest level (C / minimal), which the relay states as a warning. */
const ask = (fields: Record<string, unknown>) => ({
  title: 'Service problem',
  description: 'Users are affected since 09:00.',
  severity: 'moderate',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  ...fields,
});

/** One submission per channel of docs/rules.md "Where an eligible request goes", against the directory `npm start` loads. */
describe('every channel through the local host with the demo directory', () => {
  let relay: TestRelay;
  let direct: string;
  let reseller: string;

  beforeAll(async () => {
    relay = await startTestRelay();
    await relay.importDirectory(demoDirectory());
    direct = (await relay.addTool(DEMO.direct)).apiKey;
    reseller = (await relay.addTool(DEMO.reseller)).apiKey;
  });
  afterAll(() => relay.stop());

  async function outcome(apiKey: string, body: unknown): Promise<View> {
    const res = await relay.submit(apiKey, body);
    expect(res.status).toBe(202);
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    await relay.drain();
    return (await (await relay.get(apiKey, statusUrl)).json()) as View;
  }
  const codes = (v: View) => v.reasons.map((r) => `${r.code}/${r.severity}`);

  it("when the direct partner asks about Microsoft 365 for Adatum, then it gets the admin center hand-off in Adatum's context", async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.adatum, workload: 'office365', service: 'Exchange Online' }));
    expect(view).toMatchObject({ status: 'recorded', decision: 'eligible', route: { channel: 'm365-admin-center' } });
    // high → Sev B is the mapping itself, not a downgrade (DOMAIN "Severity", revised).
    expect(codes(view)).toEqual([]);
    expect(view.route.deepLink).toContain(DEMO.adatum);
  });

  it("when the direct partner asks about Adatum's Azure subscription, then it gets the Azure Support request under the CSP plan", async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.adatum, workload: 'azure', subscriptionId: DEMO.adatumAzureSub }));
    expect(view).toMatchObject({ status: 'recorded', decision: 'eligible', route: { channel: 'azure-support' } });
    expect(codes(view)).toEqual([]);
    expect(view.route.payload).toMatchObject({
      ticketName: azureTicketName(view.ticketId),
      subscriptionId: DEMO.adatumAzureSub,
      body: {
        properties: {
          supportPlanType: 'Cloud Solution Provider',
          contactDetails: { primaryEmailAddress: 'support@contoso-cloud.example' },
        },
      },
    });
    expect(view.route.deepLink).toContain('#@adatum.onmicrosoft.com/');
  });

  it("when the partner asks about Tailspin's marketplace product, then it is sent to the publisher with MARKETPLACE_PRODUCT", async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.tailspin, workload: 'office365', productId: 'contoso-backup-365' }));
    expect(view).toMatchObject({
      status: 'recorded',
      route: { channel: 'isv-support', isv: { publisher: 'Contoso Backup Ltd', supportUrl: 'https://support.contoso-backup.example' } },
    });
    expect(codes(view)).toEqual(['MARKETPLACE_PRODUCT/warn']);
  });

  it('when the partner asks about its own Azure subscription, then it is told to use its own support plan', async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.direct, workload: 'azure', subscriptionId: OWN_AZURE_SUB }));
    expect(view).toMatchObject({
      status: 'recorded',
      decision: 'eligible',
      route: { channel: 'partner-own-support', plan: { kind: 'azure-support-plan', id: 'ProDirect-4711' } },
    });
    expect(codes(view)).toEqual([]);
  });

  it("when the reseller asks about Wingtip's Azure subscription, then it is forwarded to its provider with RESELLER_CANNOT_FILE_AZURE", async () => {
    const body = ask({
      customerTenantId: DEMO.wingtip,
      workload: 'azure',
      subscriptionId: DEMO.wingtipAzureSub,
      agent: { userPrincipalName: 'sam@fabrikam-it.example' },
    });
    const view = await outcome(reseller, body);
    expect(view).toMatchObject({
      status: 'recorded',
      decision: 'ineligible',
      route: { channel: 'indirect-provider', providerTenantId: DEMO.provider },
    });
    expect(codes(view)).toEqual(['RESELLER_CANNOT_FILE_AZURE/block']);
  });

  it('when the partner asks for Litware, whose GDAP expired, then nothing is filed, NO_ACTIVE_GDAP says why, and Litware may file itself', async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.litware, workload: 'office365', service: 'Exchange Online' }));
    expect(view).toMatchObject({ status: 'recorded', decision: 'ineligible', customerCanSelfFile: true, route: { channel: 'none' } });
    expect(codes(view)).toEqual(['NO_ACTIVE_GDAP/block']);
  });

  it('when the partner asks Proseware about Dynamics 365, then it is handed off to the Power Platform admin center', async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.proseware, workload: 'dynamics', service: 'Dynamics 365 Sales' }));
    expect(view).toMatchObject({
      status: 'recorded',
      decision: 'eligible',
      route: { channel: 'power-platform-admin-center', deepLink: 'https://admin.powerplatform.microsoft.com/support' },
    });
    expect(codes(view)).toEqual([]);
  });

  it('when the partner asks for Fourth Coffee, whose relationship awaits approval, then GDAP_PENDING_APPROVAL tells it to have the customer approve', async () => {
    const view = await outcome(direct, ask({ customerTenantId: DEMO.fourthCoffee, workload: 'office365', service: 'Exchange Online' }));
    expect(view).toMatchObject({ status: 'recorded', decision: 'ineligible', route: { channel: 'none' } });
    expect(codes(view)).toEqual(['GDAP_PENDING_APPROVAL/block']);
    expect(view.reasons[0]?.fix).toMatch(/Global Administrator must approve/);
    expect(view.reasons[0]?.fix).not.toMatch(/Request a new/);
  });
});
