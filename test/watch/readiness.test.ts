import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Directory } from '../../shared/domain/directory.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

// Customers added to the demo directory so that every blocking code of the rules has a customer it belongs to.
const EXTRA = {
  usgov: 'eeeeeeee-0000-4000-8000-000000000001',
  china: 'eeeeeeee-0000-4000-8000-000000000002',
  readersOnly: 'eeeeeeee-0000-4000-8000-000000000003',
  otherGroup: 'eeeeeeee-0000-4000-8000-000000000004',
  noRbac: 'eeeeeeee-0000-4000-8000-000000000005',
  othersAzure: 'eeeeeeee-0000-4000-8000-000000000006',
};
const NO_RBAC_SUB = 'ffffffff-0000-4000-8000-000000000005';
const OTHERS_SUB = 'ffffffff-0000-4000-8000-000000000006';
const SERVICE_SUPPORT_ADMIN = 'f023fd81-a637-4b56-95fd-791ac0226033';
const DIRECTORY_READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const UNASSIGNED_GROUP = 'cccccccc-0000-4000-8000-0000000000ff';

function readinessDirectory(): Directory {
  const directory = demoDirectory();
  const end = new Date(Date.now() + 200 * 86_400_000).toISOString();
  const m365 = {
    id: 'sub-m365',
    workload: 'office365' as const,
    offerName: 'Microsoft 365 E3',
    channel: 'csp' as const,
    providerTenantId: DEMO.direct,
    isTrial: false,
  };
  const customer = (tenantId: string, name: string, roles: string[], group: string, extra: Partial<Customer> = {}): Customer => ({
    tenantId,
    name,
    defaultDomain: `${name.toLowerCase().replace(/\W/g, '')}.onmicrosoft.com`,
    relationships: [
      {
        partnerTenantId: DEMO.direct,
        id: `gdap-${name}`,
        status: 'active',
        endDateTime: end,
        accessAssignments: [{ securityGroupId: group, roles, status: 'active' }],
      },
    ],
    subscriptions: [{ ...m365, id: `sub-${name}` }],
    ...extra,
  });
  directory.customers.push(
    customer(EXTRA.usgov, 'Gov Agency', [SERVICE_SUPPORT_ADMIN], DEMO.supportGroup, { cloud: 'usgov' }),
    customer(EXTRA.china, 'Shanghai Ltd', [SERVICE_SUPPORT_ADMIN], DEMO.supportGroup, { cloud: 'china' }),
    customer(EXTRA.readersOnly, 'Readers Only', [DIRECTORY_READERS], DEMO.supportGroup),
    customer(EXTRA.otherGroup, 'Other Group', [SERVICE_SUPPORT_ADMIN], UNASSIGNED_GROUP),
    customer(EXTRA.noRbac, 'No RBAC', [SERVICE_SUPPORT_ADMIN], DEMO.supportGroup, {
      subscriptions: [
        {
          id: NO_RBAC_SUB,
          workload: 'azure',
          offerName: 'Azure plan',
          channel: 'csp',
          providerTenantId: DEMO.direct,
          isTrial: false,
          azureRoleAssignments: [],
        },
      ],
    }),
    customer(EXTRA.othersAzure, 'Others Azure', [SERVICE_SUPPORT_ADMIN], DEMO.supportGroup, {
      subscriptions: [
        { id: OTHERS_SUB, workload: 'azure', offerName: 'Azure plan', channel: 'csp', providerTenantId: DEMO.provider, isTrial: false },
      ],
    }),
  );
  // An agent without Partner Center's Admin agent role (rule 7).
  directory.partners[0]!.agents.push({
    userPrincipalName: 'kim@contoso-cloud.example',
    objectId: 'dddddddd-0000-4000-8000-0000000000aa',
    adminAgent: false,
    groups: [DEMO.supportGroup],
  });
  // The reseller's own tenant as a customer, without a plan on file (rule 2).
  directory.customers.push({
    tenantId: DEMO.reseller,
    name: 'Fabrikam IT (own tenant)',
    defaultDomain: 'fabrikamit.onmicrosoft.com',
    relationships: [],
    subscriptions: [],
  });
  return directory;
}

interface Readiness {
  customerTenantId: string;
  workloads: {
    workload: string;
    canFile: boolean;
    channel: string;
    customerCanSelfFile: boolean | null;
    reasons: { code: string; severity: string; fix?: string }[];
    subscriptions?: { id: string; canFile: boolean; reasons: { code: string }[] }[];
  }[];
}

describe('readiness: GET /api/v1/customers/{id}/readiness', () => {
  let relay: TestRelay;
  let direct: string;
  let reseller: string;

  beforeAll(async () => {
    relay = await startTestRelay();
    await relay.importDirectory(readinessDirectory());
    direct = (await relay.addTool(DEMO.direct)).apiKey;
    reseller = (await relay.addTool(DEMO.reseller)).apiKey;
  });
  afterAll(() => relay.stop());

  const readiness = async (apiKey: string, customer: string, query = '') =>
    relay.get(apiKey, `/api/v1/customers/${customer}/readiness${query}`);
  const body = async (apiKey: string, customer: string, query = '') => {
    const res = await readiness(apiKey, customer, query);
    expect(res.status).toBe(200);
    return (await res.json()) as Readiness;
  };

  it.each([
    ['Adatum, Microsoft 365', () => direct, DEMO.adatum, 'office365', null, true],
    ['Adatum, Azure with the AOBO Owner grant', () => direct, DEMO.adatum, 'azure', null, true],
    ['Proseware, Exchange Administrator only, Dynamics 365', () => direct, DEMO.proseware, 'dynamics', null, true],
    ['Litware, expired relationship', () => direct, DEMO.litware, 'office365', 'NO_ACTIVE_GDAP', false],
    ['Fourth Coffee, awaiting approval', () => direct, DEMO.fourthCoffee, 'office365', 'GDAP_PENDING_APPROVAL', false],
    ['Litware, Azure without a subscription on file', () => direct, DEMO.litware, 'azure', 'SUBSCRIPTION_NOT_FOUND', false],
    ['a US Government customer of a public-cloud partner', () => direct, EXTRA.usgov, 'office365', 'CLOUD_MISMATCH', false],
    ['a 21Vianet customer', () => direct, EXTRA.china, 'office365', 'UNSUPPORTED_CLOUD', false],
    ['Directory Readers only', () => direct, EXTRA.readersOnly, 'office365', 'GDAP_ROLE_MISSING', false],
    ['the role held by a group no agent is in', () => direct, EXTRA.otherGroup, 'office365', 'GDAP_USER_NOT_ASSIGNED', false],
    ['Azure without an RBAC grant', () => direct, EXTRA.noRbac, 'azure', 'AZURE_RBAC_MISSING', false],
    ['Azure provided by another partner', () => direct, EXTRA.othersAzure, 'azure', 'NOT_SUBSCRIPTION_PROVIDER', false],
    ['Wingtip Azure, asked by its reseller', () => reseller, DEMO.wingtip, 'azure', 'RESELLER_CANNOT_FILE_AZURE', false],
    ["the reseller's own tenant without a plan", () => reseller, DEMO.reseller, 'office365', 'OWN_SUBSCRIPTION_NEEDS_PLAN', false],
  ] as const)(
    'when asked about %s, then the answer carries the blocking code with its fix',
    async (_what, key, customer, workload, code, canFile) => {
      const answer = await body(key(), customer, `?workload=${workload}`);
      expect(answer.workloads).toHaveLength(1);
      const [w] = answer.workloads;
      expect(w).toMatchObject({ workload, canFile });
      if (code === null) {
        expect(w!.reasons.filter((r) => r.severity === 'block')).toEqual([]);
        return;
      }
      expect(w!.reasons[0]).toMatchObject({ code, severity: 'block' });
      expect(w!.reasons[0]!.fix).toMatch(/\w{3,}/);
    },
  );

  it('when a named agent is unknown or lacks Admin agent, then AGENT_NOT_FOUND / ADMIN_AGENT_ROLE_MISSING, though other agents could file', async () => {
    const unknown = await body(direct, DEMO.adatum, '?workload=office365&agent=nobody@contoso-cloud.example');
    expect(unknown.workloads[0]).toMatchObject({ canFile: false, reasons: [{ code: 'AGENT_NOT_FOUND' }] });
    const notAdmin = await body(direct, DEMO.adatum, '?workload=office365&agent=kim@contoso-cloud.example');
    expect(notAdmin.workloads[0]).toMatchObject({ canFile: false, reasons: [{ code: 'ADMIN_AGENT_ROLE_MISSING' }] });
    const anyAgent = await body(direct, DEMO.adatum, '?workload=office365');
    expect(anyAgent.workloads[0]).toMatchObject({ canFile: true });
    const nested = await body(direct, DEMO.adatum, '?workload=office365&agent=lee@contoso-cloud.example');
    expect(nested.workloads[0]).toMatchObject({ canFile: true });
  });

  it('when no workload is named, then every workload is answered and Azure lists each subscription', async () => {
    const answer = await body(direct, DEMO.adatum);
    expect(answer.workloads.map((w) => w.workload)).toEqual(['azure', 'office365', 'ems', 'dynamics']);
    expect(answer.workloads[0]!.subscriptions).toEqual([{ id: DEMO.adatumAzureSub, canFile: true, reasons: [] }]);
  });

  it("when the customer is another partner's, then the answer is byte-identical to a made-up tenant's; its own partner gets an answer (positive control)", async () => {
    const stranger = await readiness(direct, DEMO.wingtip);
    const unknown = await readiness(direct, randomUUID());
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).toBe(await unknown.text());
    expect((await readiness(reseller, DEMO.wingtip)).status).toBe(200);
  });

  it('when the query is malformed, then 400 names the parameter; without a key, 401', async () => {
    const bad = await readiness(direct, DEMO.adatum, '?workload=exchange');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: 'workload' }] });
    expect((await fetch(`${relay.url}/api/v1/customers/${DEMO.adatum}/readiness`)).status).toBe(401);
  });
});
