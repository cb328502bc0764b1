import { describe, expect, it } from 'vitest';
import { directorySchema } from '../../../shared/domain/directory.js';
import { carol, profile, source } from './directory-harness.js';
import { directoryRoutes, ids } from './recorded-routes.js';

describe('MicrosoftDirectorySource', () => {
  it('when pulled from the recorded responses, then every request carries a bearer token and the model validates', async () => {
    const { directory, fetch } = source();
    const pulled = await directory.pull();
    expect(fetch.unmatched).toEqual([]);
    expect(fetch.seen.every((r) => r.headers.Authorization?.startsWith('Bearer tok.'))).toBe(true);
    expect(directorySchema.safeParse(pulled).success).toBe(true);
  });

  it('when relationships span two pages, then both are read and every status is kept, the pending one without an end date', async () => {
    const { directory } = source();
    const { customers } = await directory.pull();
    const contoso = customers.find((c) => c.tenantId === ids.contoso)!;
    expect(contoso.relationships.map((r) => [r.status, r.endDateTime, r.autoExtend])).toEqual([
      ['active', '2027-02-10T11:24:42.3148266Z', true],
      ['expired', '2024-01-01T00:00:00Z', false],
      ['approvalPending', undefined, false],
    ]);
    expect(contoso.relationships[0]!.accessAssignments).toEqual([
      {
        securityGroupId: ids.supportGroup,
        roles: ['f023fd81-a637-4b56-95fd-791ac0226033', '88d8e3e3-8f55-4a1e-953a-9b9898b8876b'],
        status: 'active',
      },
      { securityGroupId: ids.helpdeskGroup, roles: ['729827e3-9c14-49f7-bb1b-9608f156bbb8'], status: 'deleted' },
    ]);
    const fabrikam = customers.find((c) => c.tenantId === ids.fabrikam)!;
    expect(fabrikam.relationships).toEqual([
      {
        partnerTenantId: ids.partner,
        id: expect.any(String),
        status: 'terminated',
        endDateTime: '2021-10-29T16:57:20.2101088Z',
        autoExtend: false,
        accessAssignments: [],
      },
    ]);
  });

  it('when a relationship awaits approval (approvalPending, endDateTime null), then it survives mapping with no endDateTime at all', async () => {
    const { directory } = source();
    const { customers } = await directory.pull();
    const pending = customers.find((c) => c.tenantId === ids.contoso)!.relationships.find((r) => r.id === ids.pending)!;
    expect(pending).toEqual({
      partnerTenantId: ids.partner,
      id: ids.pending,
      status: 'approvalPending',
      autoExtend: false,
      accessAssignments: [],
    });
    expect('endDateTime' in pending).toBe(false);
  });

  it('when Graph answers 404 for the assignments of a relationship not active yet, then it is kept with none', async () => {
    const url = `https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/${ids.pending}/accessAssignments`;
    const { directory, fetch } = source({ ...directoryRoutes, [url]: { status: 404 } });
    const { customers } = await directory.pull();
    expect(customers.find((c) => c.tenantId === ids.contoso)!.relationships.find((r) => r.id === ids.pending)).toMatchObject({
      accessAssignments: [],
    });
    expect(fetch.unmatched).toEqual([]);
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
      {
        id: 'e1f2a3b4-0000-4000-8000-0000000000e1',
        workload: 'office365',
        offerName: 'Microsoft 365 Business Premium',
        ...common,
        isTrial: false,
        productId: 'CFQ7TTC0LCHC',
      },
      {
        id: ids.azureSubscription,
        workload: 'azure',
        offerName: 'Contoso production',
        ...common,
        isTrial: false,
        productId: 'DZH318Z0BPS6',
        azureRoleAssignments: [
          { partnerTenantId: ids.partner, principal: 'adminAgents', role: 'Owner' },
          { partnerTenantId: ids.partner, principal: ids.supportGroup, role: 'Support Request Contributor' },
          { partnerTenantId: ids.partner, principal: 'adminAgents', role: 'Contributor' },
        ],
      },
      {
        id: 'd1d2d3d4-0000-4000-8000-0000000000d1',
        workload: 'dynamics',
        offerName: 'Dynamics 365 Sales Enterprise (Trial)',
        ...common,
        isTrial: true,
        productId: 'CFQ7TTC0LH18',
      },
      {
        id: '5aa55aa5-0000-4000-8000-000000000005',
        workload: 'office365',
        offerName: 'Adatum Backup for Microsoft 365',
        ...common,
        isTrial: false,
        productId: 'DZH318Z0ABCD',
        marketplace: { publisher: 'Adatum Software' },
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

  it('when agents are built, then AdminAgents members (nested too) are admin agents, GDAP groups are listed, configured agents are kept', async () => {
    const { directory } = source();
    const { partners } = await directory.pull();
    expect(partners).toEqual([
      {
        ...profile,
        tenantId: ids.partner,
        cloud: 'public',
        agents: [
          carol,
          {
            userPrincipalName: 'alice@partner.example',
            objectId: ids.alice,
            adminAgent: true,
            groups: [ids.adminAgents, ids.supportGroup],
          },
          { userPrincipalName: 'bob@partner.example', objectId: ids.bob, adminAgent: true, groups: [ids.adminAgents] },
          // Second page of AdminAgents' transitive members: in a group nested inside AdminAgents.
          { userPrincipalName: 'erin@partner.example', objectId: ids.erin, adminAgent: true, groups: [ids.adminAgents] },
          { userPrincipalName: 'dave@partner.example', objectId: ids.dave, adminAgent: false, groups: [ids.supportGroup] },
        ],
      },
    ]);
  });

  it('when a user is in group X and X is a member of the assigned GDAP group, then the user is an agent holding the assigned group', async () => {
    const { directory, fetch } = source();
    const { partners } = await directory.pull();
    expect(partners[0]!.agents.find((a) => a.objectId === ids.dave)).toEqual({
      userPrincipalName: 'dave@partner.example',
      objectId: ids.dave,
      adminAgent: false,
      groups: [ids.supportGroup],
    });
    // The nested group itself is no agent, and the direct-members list is not what is read.
    expect(partners[0]!.agents.some((a) => a.objectId === '0d0e0f10-2222-4333-8444-555566667777')).toBe(false);
    expect(fetch.seen.some((r) => /\/groups\/[^/]+\/members/.test(r.url))).toBe(false);
  });

  it('when Graph shows a user by id only (no User.Read.All), then a configured agent with that id gets the group and an unknown one is skipped', async () => {
    const url = `https://graph.microsoft.com/v1.0/groups/${ids.supportGroup}/transitiveMembers?$select=id,userPrincipalName`;
    const limited = (id: string) => ({ '@odata.type': '#microsoft.graph.user', id, userPrincipalName: null });
    const { directory } = source({
      ...directoryRoutes,
      [url]: { status: 200, body: { value: [limited(carol.objectId), limited(ids.dave)] } },
    });
    const { agents } = (await directory.pull()).partners[0]!;
    expect(agents.find((a) => a.objectId === carol.objectId)!.groups).toEqual([ids.supportGroup]);
    expect(agents.some((a) => a.objectId === ids.dave)).toBe(false);
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
    const { directory, fetch } = source({
      ...directoryRoutes,
      [url]: [{ status: 429, headers: { 'Retry-After': '1' } }, 'pc-customers-page1.json'],
    });
    const { customers } = await directory.pull();
    expect(customers).toHaveLength(3);
    expect(fetch.seen.filter((r) => r.url === url)).toHaveLength(2);
  });
});
