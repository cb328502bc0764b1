import { describe, expect, it } from 'vitest';
import { MicrosoftDirectorySource, type PartnerProfile } from '../../../shared/adapters/microsoft/directory-source.js';
import { directorySchema, type Agent } from '../../../shared/domain/directory.js';
import { fakeCredential, fakeFetch, manualClock, type Routes } from './fake-microsoft.js';
import { directoryRoutes, ids } from './recorded-routes.js';

const profile: PartnerProfile = {
  name: 'Relay Partner Ltd',
  type: 'direct',
  contact: { name: 'Support Desk', email: 'desk@partner.example' },
};
const carol: Agent = { userPrincipalName: 'carol@partner.example', objectId: 'c0c0c0c0-0000-4000-8000-000000000003', adminAgent: false, groups: [] };

function source(routes: Routes = directoryRoutes) {
  const fetch = fakeFetch(routes);
  const credential = fakeCredential();
  const clock = manualClock();
  const directory = new MicrosoftDirectorySource({
    credential,
    fetchImpl: fetch.impl,
    sleep: async () => {},
    cloud: 'public',
    partnerTenantId: ids.partner,
    partnerProfile: profile,
    adminAgentsGroupId: ids.adminAgents,
    agents: [carol],
    clock,
    ttlMs: 60_000,
  });
  return { directory, fetch, credential, clock };
}

describe('MicrosoftDirectorySource', () => {
  it('when pulled from the recorded responses, then every request carries a bearer token and the model validates', async () => {
    const { directory, fetch } = source();
    const pulled = await directory.pull();
    expect(fetch.unmatched).toEqual([]);
    expect(fetch.seen.every((r) => r.headers.Authorization?.startsWith('Bearer tok.'))).toBe(true);
    expect(directorySchema.safeParse(pulled).success).toBe(true);
  });

  it('when relationships span two pages, then both are read and the unapproved one (no end date) is left out', async () => {
    const { directory } = source();
    const { customers } = await directory.pull();
    const contoso = customers.find((c) => c.tenantId === ids.contoso)!;
    expect(contoso.relationships.map((r) => [r.status, r.endDateTime, r.autoExtend])).toEqual([
      ['active', '2027-02-10T11:24:42.3148266Z', true],
      ['expired', '2024-01-01T00:00:00Z', false],
    ]);
    expect(contoso.relationships[0]!.accessAssignments).toEqual([
      { securityGroupId: ids.supportGroup, roles: ['f023fd81-a637-4b56-95fd-791ac0226033', '88d8e3e3-8f55-4a1e-953a-9b9898b8876b'], status: 'active' },
      { securityGroupId: ids.helpdeskGroup, roles: ['729827e3-9c14-49f7-bb1b-9608f156bbb8'], status: 'deleted' },
    ]);
    const fabrikam = customers.find((c) => c.tenantId === ids.fabrikam)!;
    expect(fabrikam.relationships).toEqual([
      { partnerTenantId: ids.partner, id: expect.any(String), status: 'terminated', endDateTime: '2021-10-29T16:57:20.2101088Z', autoExtend: false, accessAssignments: [] },
    ]);
  });

  it('when Partner Center pages with a continuation token, then the second page is asked for with MS-ContinuationToken', async () => {
    const { directory, fetch } = source();
    const { customers } = await directory.pull();
    expect(customers.map((c) => [c.tenantId, c.name, c.defaultDomain, c.cloud])).toEqual([
      [ids.contoso, 'Contoso Inc', 'contoso.onmicrosoft.com', 'public'],
      [ids.fabrikam, 'Fabrikam Inc', 'fabrikam.onmicrosoft.com', 'public'],
      // GDAP only: no Partner Center record, so no domain is known.
      [ids.northwind, 'Northwind Inc', ids.northwind, 'public'],
    ]);
    const second = fetch.seen.find((r) => r.url.endsWith('seekOperation=Next'))!;
    expect(second.headers['MS-ContinuationToken']).toBe('AQAAAA==');
  });

  it('when subscriptions are mapped, then workload, trial, marketplace and the Azure plan entitlement come through', async () => {
    const { directory } = source();
    const { customers } = await directory.pull();
    const contoso = customers.find((c) => c.tenantId === ids.contoso)!;
    const common = { channel: 'csp', providerTenantId: ids.partner };
    expect(contoso.subscriptions).toEqual([
      { id: 'e1f2a3b4-0000-4000-8000-0000000000e1', workload: 'office365', offerName: 'Microsoft 365 Business Premium', ...common, isTrial: false, productId: 'CFQ7TTC0LCHC' },
      {
        id: ids.azureSubscription, workload: 'azure', offerName: 'Contoso production', ...common, isTrial: false, productId: 'DZH318Z0BPS6',
        azureRoleAssignments: [
          { partnerTenantId: ids.partner, principal: 'adminAgents', role: 'Owner' },
          { partnerTenantId: ids.partner, principal: ids.supportGroup, role: 'Support Request Contributor' },
          { partnerTenantId: ids.partner, principal: 'adminAgents', role: 'Contributor' },
        ],
      },
      { id: 'd1d2d3d4-0000-4000-8000-0000000000d1', workload: 'dynamics', offerName: 'Dynamics 365 Sales Enterprise (Trial)', ...common, isTrial: true, productId: 'CFQ7TTC0LH18' },
      {
        id: '5aa55aa5-0000-4000-8000-000000000005', workload: 'office365', offerName: 'Adatum Backup for Microsoft 365', ...common, isTrial: false,
        productId: 'DZH318Z0ABCD', marketplace: { publisher: 'Adatum Software' },
      },
    ]);
    const fabrikam = customers.find((c) => c.tenantId === ids.fabrikam)!;
    expect(fabrikam.subscriptions.map((s) => [s.offerName, s.workload])).toEqual([
      ['Office 365 E3', 'office365'],
      ['Enterprise Mobility + Security E3', 'ems'],
    ]);
  });

  it('when role assignments are read, then it is with a token for the customer tenant', async () => {
    const { directory, fetch } = source();
    await directory.pull();
    const rbac = fetch.seen.filter((r) => r.url.includes('roleAssignments'));
    expect(rbac.map((r) => r.tenant)).toEqual([ids.contoso]);
  });

  it('when agents are built, then AdminAgents members are admin agents, GDAP groups are listed, configured agents are kept', async () => {
    const { directory } = source();
    const { partners } = await directory.pull();
    expect(partners).toEqual([
      {
        ...profile, tenantId: ids.partner, cloud: 'public',
        agents: [
          carol,
          { userPrincipalName: 'alice@partner.example', objectId: ids.alice, adminAgent: true, groups: [ids.adminAgents, ids.supportGroup] },
          { userPrincipalName: 'bob@partner.example', objectId: ids.bob, adminAgent: true, groups: [ids.adminAgents] },
        ],
      },
    ]);
  });

  it('when pulled twice within the TTL, then Microsoft is asked once; after the TTL, again', async () => {
    const { directory, fetch, clock } = source();
    const first = await directory.pull();
    const requests = fetch.seen.length;
    clock.advance(59_000);
    expect(await directory.pull()).toBe(first);
    expect(fetch.seen.length).toBe(requests);
    clock.advance(2_000);
    await directory.pull();
    expect(fetch.seen.length).toBe(requests * 2);
  });

  it('when Partner Center throttles once, then the pull waits and succeeds', async () => {
    const url = 'https://api.partnercenter.microsoft.com/v1/customers?size=500';
    const { directory, fetch } = source({ ...directoryRoutes, [url]: [{ status: 429, headers: { 'Retry-After': '1' } }, 'pc-customers-page1.json'] });
    const { customers } = await directory.pull();
    expect(customers).toHaveLength(3);
    expect(fetch.seen.filter((r) => r.url === url)).toHaveLength(2);
  });
});
