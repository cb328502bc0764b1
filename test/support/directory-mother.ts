/**
 * Test data builders ("object mothers") for the partner directory (docs/rules.md (directory file)) and service requests.
 *
 * Every builder returns a valid directory value; `overrides` replace top-level fields (shallow), so
 * build nested parts with the other builders. The defaults tell one story:
 *
 *   Contoso Partners (direct CSP partner, public cloud, tenant IDS.partnerTenant)
 *     └─ agent ada@contoso-partners.example: Admin agent, member of IDS.supportGroup
 *   Fabrikam (customer, tenant IDS.customerTenant)
 *     ├─ GDAP relationship IDS.relationship: active, ends in a year, assignment
 *     │    IDS.supportGroup → Service Support Administrator (active)
 *     ├─ Office 365 E3 via CSP (provider: Contoso)
 *     └─ Azure plan subscription IDS.azureSubscription via CSP (provider: Contoso),
 *          admin-on-behalf-of Owner for Contoso's Admin Agents
 *
 * So `anEligibilityInput()` (Office 365) and `anEligibilityInput({ request: anAzureRequest() })` are eligible
 * at `NOW`; each test removes or changes the one fact it is about.
 */
import type {
  AccessAssignment,
  Agent,
  AzureRoleAssignment,
  Customer,
  Directory,
  Partner,
  Relationship,
  Subscription,
} from '../../shared/domain/directory.js';
import type { EligibilityInput } from '../../shared/domain/eligibility/types.js';
import type { ServiceRequest } from '../../shared/domain/submission.js';

export const NOW = new Date('2025-06-01T12:00:00.000Z');

/** `NOW` plus `days` (negative for the past), as the ISO string the directory stores. */
export const daysFromNow = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();

export const IDS = {
  partnerTenant: '11111111-1111-4111-8111-111111111111',
  providerTenant: '22222222-2222-4222-8222-222222222222',
  resellerTenant: '33333333-3333-4333-8333-333333333333',
  advisorTenant: '44444444-4444-4444-8444-444444444444',
  customerTenant: '55555555-5555-4555-8555-555555555555',
  agentObjectId: '66666666-6666-4666-8666-666666666666',
  otherAgentObjectId: '66666666-6666-4666-8666-000000000002',
  supportGroup: '77777777-7777-4777-8777-777777777777',
  otherGroup: '77777777-7777-4777-8777-000000000002',
  nestedGroup: '77777777-7777-4777-8777-000000000003',
  azureSubscription: '88888888-8888-4888-8888-888888888888',
  office365Subscription: 'o365-sub-1',
  marketplaceSubscription: '99999999-9999-4999-8999-999999999999',
  relationship: 'gdap-rel-1',
  marketplaceProduct: 'DZH318Z0BQ3Q:0001',
} as const;

/** Entra role template ids (research/domain-facts.md §1), spelled out so tests do not lean on the table under test. */
export const ENTRA_ROLE = {
  serviceSupportAdministrator: 'f023fd81-a637-4b56-95fd-791ac0226033',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  dynamics365Administrator: '44367163-eba1-44c3-98af-f5787879f96a',
  powerPlatformAdministrator: '11648597-926c-4cf3-9c36-bcebb0ba8dcc',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
} as const;

export const AZURE_ROLE_ID = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  supportRequestContributor: 'cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
} as const;

// --- partner side -------------------------------------------------------------------------------

export const anAgent = (overrides: Partial<Agent> = {}): Agent => ({
  userPrincipalName: 'ada@contoso-partners.example',
  objectId: IDS.agentObjectId,
  adminAgent: true,
  groups: [IDS.supportGroup],
  ...overrides,
});

export const aPartner = (overrides: Partial<Partner> = {}): Partner => ({
  tenantId: IDS.partnerTenant,
  name: 'Contoso Partners',
  type: 'direct',
  cloud: 'public',
  contact: { name: 'Contoso service desk', email: 'support@contoso-partners.example', phone: '+1 555 0100' },
  agents: [anAgent()],
  ...overrides,
});

/** An indirect reseller selling through IDS.providerTenant. */
export const anIndirectReseller = (overrides: Partial<Partner> = {}): Partner =>
  aPartner({
    tenantId: IDS.resellerTenant,
    name: 'Northwind Resellers',
    type: 'indirect-reseller',
    indirectProviderTenantId: IDS.providerTenant,
    ...overrides,
  });

// --- GDAP ---------------------------------------------------------------------------------------

export const anAccessAssignment = (overrides: Partial<AccessAssignment> = {}): AccessAssignment => ({
  securityGroupId: IDS.supportGroup,
  roles: [ENTRA_ROLE.serviceSupportAdministrator],
  status: 'active',
  ...overrides,
});

/** Active GDAP relationship with Contoso, ending in a year, granting Service Support Administrator to the support group. */
export const aGdapRelationship = (overrides: Partial<Relationship> = {}): Relationship => ({
  partnerTenantId: IDS.partnerTenant,
  id: IDS.relationship,
  status: 'active',
  endDateTime: daysFromNow(365),
  accessAssignments: [anAccessAssignment()],
  ...overrides,
});

// --- subscriptions ------------------------------------------------------------------------------

/** The admin-on-behalf-of Owner grant a CSP Azure plan gives the provider's Admin Agents. */
export const anAoboOwnerAssignment = (overrides: Partial<AzureRoleAssignment> = {}): AzureRoleAssignment => ({
  partnerTenantId: IDS.partnerTenant,
  principal: 'adminAgents',
  role: 'Owner',
  ...overrides,
});

export const anAzureCspSubscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: IDS.azureSubscription,
  workload: 'azure',
  offerName: 'Azure plan',
  channel: 'csp',
  providerTenantId: IDS.partnerTenant,
  isTrial: false,
  azureRoleAssignments: [anAoboOwnerAssignment()],
  ...overrides,
});

export const anOffice365Subscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: IDS.office365Subscription,
  workload: 'office365',
  offerName: 'Office 365 E3',
  channel: 'csp',
  providerTenantId: IDS.partnerTenant,
  isTrial: false,
  ...overrides,
});

/** A paid subscription the customer bought from Microsoft directly (lets them file themselves). */
export const aDirectSubscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: 'direct-sub-1',
  workload: 'office365',
  offerName: 'Microsoft 365 Business Premium',
  channel: 'direct',
  isTrial: false,
  ...overrides,
});

/** A commercial-marketplace SaaS product with a full ISV support contact. */
export const aMarketplaceSubscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: IDS.marketplaceSubscription,
  workload: 'azure',
  offerName: 'Acme Backup SaaS',
  channel: 'csp',
  providerTenantId: IDS.partnerTenant,
  isTrial: false,
  productId: IDS.marketplaceProduct,
  marketplace: {
    publisher: 'Acme Software',
    supportUrl: 'https://support.acme.example',
    supportEmail: 'help@acme.example',
    supportPhone: '+1 555 0199',
  },
  ...overrides,
});

// --- customers ----------------------------------------------------------------------------------

export const aCustomer = (overrides: Partial<Customer> = {}): Customer => ({
  tenantId: IDS.customerTenant,
  name: 'Fabrikam',
  defaultDomain: 'fabrikam.onmicrosoft.com',
  relationships: [aGdapRelationship()],
  subscriptions: [anOffice365Subscription(), anAzureCspSubscription()],
  ...overrides,
});

/** The partner's own tenant seen as a customer (rule 2). */
export const anOwnTenantCustomer = (partner: Partner = aPartner(), overrides: Partial<Customer> = {}): Customer =>
  aCustomer({
    tenantId: partner.tenantId,
    name: partner.name,
    defaultDomain: 'contoso-partners.onmicrosoft.com',
    relationships: [],
    ...overrides,
  });

// --- requests -----------------------------------------------------------------------------------

/** An Office 365 request from the default agent about the default customer. */
export const aServiceRequest = (overrides: Partial<ServiceRequest> = {}): ServiceRequest => ({
  customerTenantId: IDS.customerTenant,
  workload: 'office365',
  title: 'Mail flow stopped',
  description: 'No inbound mail since 09:00 UTC.',
  severity: 'high',
  agent: { objectId: IDS.agentObjectId },
  escalateDespiteIncident: false,
  ...overrides,
});

export const anAzureRequest = (overrides: Partial<ServiceRequest> = {}): ServiceRequest =>
  aServiceRequest({ workload: 'azure', title: 'VM does not start', subscriptionId: IDS.azureSubscription, ...overrides });

export interface InputParts {
  partner?: Partner | null;
  customer?: Customer | null;
  request?: ServiceRequest;
  now?: Date;
}

/** An eligibility input from parts; missing parts are the defaults above (eligible for Office 365). */
export function anEligibilityInput(parts: InputParts = {}): EligibilityInput {
  const partner = parts.partner === undefined ? aPartner() : parts.partner;
  return {
    partnerTenantId: partner?.tenantId ?? IDS.partnerTenant,
    request: parts.request ?? aServiceRequest(),
    partner,
    customer: parts.customer === undefined ? aCustomer() : parts.customer,
    now: parts.now ?? NOW,
  };
}

/** A whole directory for import/integration tests: the default partner, reseller and customer. */
export const aDirectory = (overrides: Partial<Directory> = {}): Directory => ({
  partners: [aPartner(), anIndirectReseller()],
  customers: [aCustomer()],
  ...overrides,
});
