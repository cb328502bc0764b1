import type { Directory } from '../domain/directory.js';

/**
 * The demo directory `npm start` loads: one partner of each kind and customers covering every channel.
 * Dates are relative to now so the demo never goes stale.
 */
export const DEMO = {
  direct: '11111111-1111-4111-8111-111111111111',
  provider: '22222222-2222-4222-8222-222222222222',
  reseller: '33333333-3333-4333-8333-333333333333',
  adatum: 'aaaaaaaa-0000-4000-8000-000000000001',
  litware: 'aaaaaaaa-0000-4000-8000-000000000002',
  tailspin: 'aaaaaaaa-0000-4000-8000-000000000003',
  wingtip: 'aaaaaaaa-0000-4000-8000-000000000004',
  fourthCoffee: 'aaaaaaaa-0000-4000-8000-000000000005',
  proseware: 'aaaaaaaa-0000-4000-8000-000000000006',
  adatumAzureSub: 'bbbbbbbb-0000-4000-8000-000000000001',
  wingtipAzureSub: 'bbbbbbbb-0000-4000-8000-000000000004',
  supportGroup: 'cccccccc-0000-4000-8000-000000000001',
  resellerGroup: 'cccccccc-0000-4000-8000-000000000003',
  workloadAdminsGroup: 'cccccccc-0000-4000-8000-000000000004',
  tier2Group: 'cccccccc-0000-4000-8000-000000000005',
  agent: 'dddddddd-0000-4000-8000-000000000001',
  resellerAgent: 'dddddddd-0000-4000-8000-000000000003',
  nestedAgent: 'dddddddd-0000-4000-8000-000000000004',
} as const;

const SERVICE_SUPPORT_ADMIN = 'f023fd81-a637-4b56-95fd-791ac0226033';
const DIRECTORY_READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
// A workload role that holds microsoft.office365.supportTickets/allEntities/allTasks (Entra permissions reference).
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';

export function demoDirectory(now = new Date()): Directory {
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
  const gdap = (partnerTenantId: string, id: string, group: string, endDateTime: string, status: 'active' | 'expired' = 'active') => ({
    partnerTenantId,
    id,
    status,
    endDateTime,
    accessAssignments: [{ securityGroupId: group, roles: [SERVICE_SUPPORT_ADMIN, DIRECTORY_READERS], status: 'active' as const }],
  });
  return {
    partners: [
      {
        tenantId: DEMO.direct,
        name: 'Contoso Cloud Services',
        type: 'direct',
        cloud: 'public',
        contact: { name: 'Dana Support', email: 'support@contoso-cloud.example', phone: '+1 425 555 0100' },
        ownSupportPlan: { kind: 'azure-support-plan', id: 'ProDirect-4711' },
        agents: [
          {
            userPrincipalName: 'dana@contoso-cloud.example',
            objectId: DEMO.agent,
            adminAgent: true,
            groups: [DEMO.supportGroup, DEMO.workloadAdminsGroup],
          },
          // Lee is only in "Tier 2", a group nested inside the assigned support group.
          { userPrincipalName: 'lee@contoso-cloud.example', objectId: DEMO.nestedAgent, adminAgent: true, groups: [DEMO.tier2Group] },
        ],
        groupMemberships: [{ groupId: DEMO.tier2Group, memberOf: [DEMO.supportGroup] }],
      },
      {
        tenantId: DEMO.provider,
        name: 'Northwind Distribution',
        type: 'indirect-provider',
        cloud: 'public',
        contact: { name: 'Northwind Partner Desk', email: 'csp-desk@northwind.example' },
        agents: [],
      },
      {
        tenantId: DEMO.reseller,
        name: 'Fabrikam IT',
        type: 'indirect-reseller',
        indirectProviderTenantId: DEMO.provider,
        cloud: 'public',
        contact: { name: 'Fabrikam Helpdesk', email: 'help@fabrikam-it.example' },
        agents: [
          { userPrincipalName: 'sam@fabrikam-it.example', objectId: DEMO.resellerAgent, adminAgent: true, groups: [DEMO.resellerGroup] },
        ],
      },
    ],
    customers: [
      {
        tenantId: DEMO.adatum,
        name: 'Adatum Corporation',
        defaultDomain: 'adatum.onmicrosoft.com',
        relationships: [gdap(DEMO.direct, 'gdap-adatum', DEMO.supportGroup, inDays(300))],
        subscriptions: [
          {
            id: DEMO.adatumAzureSub,
            workload: 'azure',
            offerName: 'Azure plan',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
            azureRoleAssignments: [{ partnerTenantId: DEMO.direct, principal: 'adminAgents', role: 'Owner' }],
          },
          {
            id: 'sub-adatum-m365',
            workload: 'office365',
            offerName: 'Microsoft 365 E3',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
          },
        ],
      },
      {
        tenantId: DEMO.litware,
        name: 'Litware Inc.',
        defaultDomain: 'litware.onmicrosoft.com',
        relationships: [gdap(DEMO.direct, 'gdap-litware', DEMO.supportGroup, inDays(-10), 'expired')],
        subscriptions: [
          {
            id: 'sub-litware-m365',
            workload: 'office365',
            offerName: 'Microsoft 365 Business Premium',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
          },
          { id: 'sub-litware-direct', workload: 'office365', offerName: 'Exchange Online Plan 2', channel: 'direct', isTrial: false },
        ],
      },
      {
        tenantId: DEMO.tailspin,
        name: 'Tailspin Toys',
        defaultDomain: 'tailspin.onmicrosoft.com',
        relationships: [gdap(DEMO.direct, 'gdap-tailspin', DEMO.supportGroup, inDays(20))],
        subscriptions: [
          {
            id: 'sub-tailspin-backup',
            workload: 'office365',
            offerName: 'Contoso Backup for Microsoft 365',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
            productId: 'contoso-backup-365',
            marketplace: {
              publisher: 'Contoso Backup Ltd',
              supportUrl: 'https://support.contoso-backup.example',
              supportEmail: 'help@contoso-backup.example',
            },
          },
        ],
      },
      {
        tenantId: DEMO.wingtip,
        name: 'Wingtip Toys',
        defaultDomain: 'wingtip.onmicrosoft.com',
        relationships: [gdap(DEMO.reseller, 'gdap-wingtip', DEMO.resellerGroup, inDays(200))],
        subscriptions: [
          {
            id: DEMO.wingtipAzureSub,
            workload: 'azure',
            offerName: 'Azure plan',
            channel: 'csp',
            providerTenantId: DEMO.provider,
            resellerTenantId: DEMO.reseller,
            isTrial: false,
          },
          {
            id: 'sub-wingtip-archive',
            workload: 'office365',
            offerName: 'Litware Mail Archive',
            channel: 'csp',
            providerTenantId: DEMO.provider,
            resellerTenantId: DEMO.reseller,
            isTrial: false,
            productId: 'litware-mail-archive',
            marketplace: { publisher: 'Litware Software', supportEmail: 'support@litware-software.example' },
          },
        ],
      },
      {
        // The relationship request was sent; the customer has not approved it yet (Graph: no end date).
        tenantId: DEMO.fourthCoffee,
        name: 'Fourth Coffee',
        defaultDomain: 'fourthcoffee.onmicrosoft.com',
        relationships: [{ partnerTenantId: DEMO.direct, id: 'gdap-fourthcoffee', status: 'approvalPending', accessAssignments: [] }],
        subscriptions: [
          {
            id: 'sub-fourthcoffee-m365',
            workload: 'office365',
            offerName: 'Microsoft 365 Business Standard',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
          },
        ],
      },
      {
        // Least privilege: only Exchange Administrator (it holds the support-ticket permission), no Service Support Administrator.
        tenantId: DEMO.proseware,
        name: 'Proseware, Inc.',
        defaultDomain: 'proseware.onmicrosoft.com',
        relationships: [
          {
            partnerTenantId: DEMO.direct,
            id: 'gdap-proseware',
            status: 'active',
            endDateTime: inDays(400),
            accessAssignments: [{ securityGroupId: DEMO.workloadAdminsGroup, roles: [EXCHANGE_ADMIN], status: 'active' }],
          },
        ],
        subscriptions: [
          {
            id: 'sub-proseware-m365',
            workload: 'office365',
            offerName: 'Exchange Online Plan 1',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
          },
          {
            id: 'sub-proseware-d365',
            workload: 'dynamics',
            offerName: 'Dynamics 365 Sales Enterprise',
            channel: 'csp',
            providerTenantId: DEMO.direct,
            isTrial: false,
          },
        ],
      },
      {
        tenantId: DEMO.direct,
        name: 'Contoso Cloud Services (own tenant)',
        defaultDomain: 'contosocloud.onmicrosoft.com',
        relationships: [],
        subscriptions: [
          {
            id: 'bbbbbbbb-0000-4000-8000-00000000000c',
            workload: 'azure',
            offerName: 'Azure plan (internal use)',
            channel: 'direct',
            isTrial: false,
          },
        ],
      },
    ],
  };
}
