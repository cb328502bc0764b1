import type { Routes } from './fake-microsoft.js';

/** Ids used across the fixtures in test/fixtures/microsoft. */
export const ids = {
  partner: '8777b240-c6f0-4469-9e98-a3205431b836',
  adminAgents: '1f2e3d4c-5b6a-4789-8abc-def012345678',
  supportGroup: '227a2f44-2682-4831-a021-f8d69a34bcba',
  helpdeskGroup: '869713c9-0b28-4d08-8949-ae07ae1bf528',
  contoso: '52eaad04-13a2-4a2f-9ce8-93a294fadf36',
  fabrikam: '4b827261-d21f-4aa9-b7db-7fa1f56fb163',
  northwind: '9c1d5e7a-3b2f-4a6c-8d9e-0f1a2b3c4d5e',
  alice: 'a11ce000-0000-4000-8000-000000000001',
  bob: 'b0b00000-0000-4000-8000-000000000002',
  azurePlan: '5a1b2c3d-0000-4000-8000-00000000a2a2',
  azureSubscription: 'c0a70500-1111-4222-8333-444455556666',
  r1: '5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836',
  r4: '7e8f9a0b-2222-4ccc-8ddd-abcdef012345-8777b240-c6f0-4469-9e98-a3205431b836',
  /** Contoso's relationship still waiting for the customer's approval (no end date yet). */
  pending: '4b227261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836',
  /** In a group nested inside the support group / inside AdminAgents. */
  dave: 'da7e0000-0000-4000-8000-000000000004',
  erin: 'e1e10000-0000-4000-8000-000000000005',
  /** The indirect provider Partner Center names for Contoso, and the one PARTNER_PROFILE names. */
  pcIndirectProvider: '60ea59db-a506-485e-94c5-d115f369e239',
  profileIndirectProvider: 'f1f2f3f4-0000-4000-8000-0000000000f1',
};

const graph = 'https://graph.microsoft.com/v1.0';
const pc = 'https://api.partnercenter.microsoft.com/v1';
const arm = 'https://management.azure.com';
const relationships = `${graph}/tenantRelationships/delegatedAdminRelationships`;
const transitive = (groupId: string) => `${graph}/groups/${groupId}/transitiveMembers?$select=id,userPrincipalName`;

/** What the directory source asks for, in the partner tenant unless a tenant prefixes the key. */
export const directoryRoutes: Routes = {
  // https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships (two pages)
  [relationships]: 'graph-relationships-page1.json',
  [`${relationships}?$skiptoken=RFNwdAIAAQAAAB`]: 'graph-relationships-page2.json',
  // https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-accessassignments
  [`${relationships}/${ids.r1}/accessAssignments`]: 'graph-access-assignments-contoso.json',
  [`${relationships}/${ids.r4}/accessAssignments`]: 'graph-access-assignments-northwind.json',
  [`${relationships}/${ids.pending}/accessAssignments`]: 'graph-access-assignments-pending.json',
  // https://learn.microsoft.com/graph/api/group-list-transitivemembers (AdminAgents on two pages, @odata.nextLink)
  [transitive(ids.adminAgents)]: 'graph-transitive-members-admin-agents-page1.json',
  [`${transitive(ids.adminAgents)}&$skiptoken=RFNwdAIAAQAAAD`]: 'graph-transitive-members-admin-agents-page2.json',
  [transitive(ids.supportGroup)]: 'graph-transitive-members-support.json',
  // https://learn.microsoft.com/partner-center/developer/get-a-list-of-customers (two pages, MS-ContinuationToken)
  [`${pc}/customers?size=500`]: 'pc-customers-page1.json',
  [`${pc}/customers?size=500&seekOperation=Next`]: 'pc-customers-page2.json',
  // https://learn.microsoft.com/partner-center/developer/get-all-of-a-customer-s-subscriptions
  [`${pc}/customers/${ids.contoso}/subscriptions`]: 'pc-subscriptions-contoso.json',
  [`${pc}/customers/${ids.fabrikam}/subscriptions`]: 'pc-subscriptions-fabrikam.json',
  // https://learn.microsoft.com/partner-center/developer/get-a-list-of-azure-entitlements-for-subscription
  [`${pc}/customers/${ids.contoso}/subscriptions/${ids.azurePlan}/azureEntitlements`]: 'pc-azure-entitlements-contoso.json',
  // https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-subscription (customer tenant token)
  [`${ids.contoso} ${arm}/subscriptions/${ids.azureSubscription}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`]:
    'arm-role-assignments-contoso.json',
};

/** What an indirect reseller's relay asks for besides: who the customers' indirect providers are. */
export const resellerRoutes: Routes = {
  ...directoryRoutes,
  // https://learn.microsoft.com/partner-center/developer/get-indirect-resellers-of-a-customer
  // (PartnerRelationship: https://learn.microsoft.com/partner-center/developer/relationships)
  [`${pc}/customers/${ids.contoso}/relationships`]: 'pc-customer-relationships-contoso.json',
  // Documented for App+User tokens only: an app-only relay may be refused.
  [`${pc}/customers/${ids.fabrikam}/relationships`]: { status: 403 },
};

const announcements = `${graph}/admin/serviceAnnouncement`;
const events = `${arm}/subscriptions/${ids.azureSubscription}/providers/Microsoft.ResourceHealth/events?api-version=2022-10-01`;

/** What the health source asks for, per customer tenant. Northwind refuses (no ServiceHealth role). */
export const healthRoutes: Routes = {
  // https://learn.microsoft.com/graph/api/serviceannouncement-list-healthoverviews
  [`${ids.contoso} ${announcements}/healthOverviews`]: 'graph-health-overviews-contoso.json',
  [`${ids.fabrikam} ${announcements}/healthOverviews`]: 'graph-health-overviews-fabrikam.json',
  [`${ids.northwind} ${announcements}/healthOverviews`]: { status: 403, body: { error: { code: 'UnknownError' } } },
  // https://learn.microsoft.com/graph/api/serviceannouncement-list-issues (two pages for Contoso)
  [`${ids.contoso} ${announcements}/issues`]: 'graph-issues-contoso-page1.json',
  [`${ids.contoso} ${announcements}/issues?$skip=100`]: 'graph-issues-contoso-page2.json',
  [`${ids.fabrikam} ${announcements}/issues`]: 'graph-issues-fabrikam.json',
  [`${ids.northwind} ${announcements}/issues`]: { status: 403, body: { error: { code: 'UnknownError' } } },
  // https://learn.microsoft.com/rest/api/resourcehealth/events/list-by-subscription-id (two pages, nextLink)
  [`${ids.contoso} ${events}`]: 'arm-events-page1.json',
  [`${ids.contoso} ${events}&$skipToken=2`]: 'arm-events-page2.json',
};
