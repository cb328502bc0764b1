/**
 * fast-check generators for eligibility inputs, built on the directory mother's ids so that
 * generated facts collide with each other (same tenants, groups, subscriptions) often enough to matter.
 */
import fc from 'fast-check';
import {
  ASSIGNMENT_STATUSES,
  RELATIONSHIP_STATUSES,
  type AzureRoleAssignment,
  type Relationship,
  type Subscription,
} from '../../../shared/domain/directory.js';
import type { EligibilityInput } from '../../../shared/domain/eligibility/types.js';
import { WORKLOADS } from '../../../shared/domain/submission.js';
import {
  aCustomer,
  aGdapRelationship,
  anAccessAssignment,
  anAgent,
  anAoboOwnerAssignment,
  anAzureCspSubscription,
  anAzureRequest,
  anEligibilityInput,
  aPartner,
  aServiceRequest,
  AZURE_ROLE_ID,
  daysFromNow,
  ENTRA_ROLE,
  IDS,
} from '../../support/directory-mother.js';

const BOGUS_ROLE = 'f023fd81-a637-4b56-95fd-791ac0226034';
/** A group the default agent is never put in. */
export const UNJOINED_GROUP = '77777777-7777-4777-8777-000000000009';

const tenants = [IDS.partnerTenant, IDS.providerTenant, IDS.resellerTenant, IDS.advisorTenant] as const;
const groups = [IDS.supportGroup, IDS.otherGroup, UNJOINED_GROUP] as const;
const entraRoles = [...Object.values(ENTRA_ROLE), BOGUS_ROLE];
const azureRoles = ['Owner', 'Contributor', 'Support Request Contributor', 'Reader', ...Object.values(AZURE_ROLE_ID)];
const subscriptionIds = [IDS.azureSubscription, IDS.marketplaceSubscription, IDS.office365Subscription, 'direct-sub-1'] as const;

const mostly = <T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: other, weight: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const assignment = fc.record({
  securityGroupId: mostly(fc.constant<string>(IDS.supportGroup), fc.constantFrom(...groups)),
  roles: fc.subarray(entraRoles, { maxLength: 3 }),
  status: mostly(fc.constant('active' as const), fc.constantFrom(...ASSIGNMENT_STATUSES)),
});

const relationship: fc.Arbitrary<Relationship> = fc
  .record({
    partnerTenantId: mostly(fc.constant<string>(IDS.partnerTenant), fc.constantFrom(...tenants)),
    id: fc.constantFrom('gdap-rel-1', 'gdap-rel-2', 'gdap-rel-3'),
    status: mostly(fc.constant('active' as const), fc.constantFrom(...RELATIONSHIP_STATUSES)),
    days: fc.integer({ min: -30, max: 730 }),
    autoExtend: maybe(fc.boolean()),
    accessAssignments: fc.array(assignment, { maxLength: 3 }),
  })
  .map(({ days, ...r }) => aGdapRelationship({ ...r, endDateTime: daysFromNow(days) }));

const azureGrant: fc.Arbitrary<AzureRoleAssignment> = fc.record({
  partnerTenantId: mostly(fc.constant<string>(IDS.partnerTenant), fc.constantFrom(...tenants)),
  principal: fc.constantFrom<string>('adminAgents', ...groups),
  role: fc.constantFrom(...azureRoles),
});

const subscription: fc.Arbitrary<Subscription> = fc.record({
  id: fc.constantFrom(...subscriptionIds),
  workload: fc.constantFrom(...WORKLOADS),
  offerName: fc.constantFrom('Azure plan', 'Office 365 E3', 'Acme Backup SaaS'),
  channel: mostly(fc.constant('csp' as const), fc.constant('direct' as const)),
  providerTenantId: maybe(fc.constantFrom(...tenants)),
  isTrial: fc.boolean(),
  productId: maybe(fc.constantFrom(IDS.marketplaceProduct, 'CFQ7TTC0LF8R')),
  marketplace: maybe(fc.record({ publisher: fc.constant('Acme Software'), supportEmail: maybe(fc.constant('help@acme.example')) })),
  azureRoleAssignments: maybe(fc.array(azureGrant, { maxLength: 3 })),
});

const agent = fc.record({
  userPrincipalName: fc.constantFrom('ada@contoso-partners.example', 'bea@contoso-partners.example'),
  objectId: mostly(fc.constant<string>(IDS.agentObjectId), fc.constant<string>(IDS.otherAgentObjectId)),
  adminAgent: mostly(fc.constant(true), fc.boolean()),
  groups: fc.subarray([...groups]),
});

const cloud = mostly(fc.constant('public' as const), fc.constantFrom('public' as const, 'usgov' as const, 'china' as const));

/** Any input at all, biased towards the default (eligible) story so every rule gets reached. */
export const anyEligibilityInput: fc.Arbitrary<EligibilityInput> = fc
  .record({
    partnerKnown: mostly(fc.constant(true), fc.boolean()),
    partner: fc.record({
      type: mostly(
        fc.constant('direct' as const),
        fc.constantFrom('direct' as const, 'indirect-provider' as const, 'indirect-reseller' as const, 'advisor' as const),
      ),
      cloud,
      indirectProviderTenantId: maybe(fc.constant<string>(IDS.providerTenant)),
      ownSupportPlan: maybe(fc.constant({ kind: 'unified' as const, id: 'U-1' })),
      agents: fc.array(agent, { minLength: 1, maxLength: 3 }),
    }),
    customer: maybe(
      fc.record({
        tenantId: mostly(fc.constant<string>(IDS.customerTenant), fc.constant<string>(IDS.partnerTenant)),
        cloud: maybe(cloud),
        relationships: fc.array(relationship, { maxLength: 3 }),
        subscriptions: fc.array(subscription, { maxLength: 4 }),
      }),
    ),
    request: fc.record({
      workload: fc.constantFrom(...WORKLOADS),
      subscriptionId: maybe(fc.constantFrom(...subscriptionIds)),
      productId: maybe(fc.constantFrom(IDS.marketplaceProduct, 'CFQ7TTC0LF8R')),
      agent: fc.constantFrom(
        { objectId: IDS.agentObjectId },
        { userPrincipalName: 'ADA@contoso-partners.example' },
        { userPrincipalName: 'nobody@x.example' },
      ),
    }),
  })
  .map(({ partnerKnown, partner, customer, request }) =>
    anEligibilityInput({
      partner: partnerKnown ? aPartner(partner) : null,
      customer: customer ? aCustomer(customer) : null,
      request: aServiceRequest(request),
    }),
  );

/** The one fact an eligible case rests on, for each required grant. */
export type Removal = 'relationship' | 'assignment' | 'group membership' | 'adminAgent' | 'rbac';

/**
 * An eligible case whose access rests on exactly one relationship, one assignment, one group
 * membership, the Admin agent role and (Azure) one RBAC grant, surrounded by noise that can never
 * qualify on its own: other partners' facts, inactive relationships and assignments, non-support
 * roles, RBAC roles without support rights or for a group the agent is not in.
 */
export const eligibleCase = fc
  .record({
    workload: fc.constantFrom(...WORKLOADS),
    role: fc.constantFrom(
      ENTRA_ROLE.serviceSupportAdministrator,
      ENTRA_ROLE.helpdeskAdministrator,
      ENTRA_ROLE.dynamics365Administrator,
      ENTRA_ROLE.powerPlatformAdministrator,
    ),
    days: fc.integer({ min: 1, max: 730 }),
    autoExtend: maybe(fc.boolean()),
    rbacPrincipal: fc.constantFrom<string>('adminAgents', IDS.supportGroup),
    rbacRole: fc.constantFrom('Owner', 'contributor', AZURE_ROLE_ID.supportRequestContributor),
    inactiveAssignments: fc.array(
      fc.record({
        securityGroupId: fc.constantFrom(...groups),
        roles: fc.subarray(entraRoles),
        status: fc.constantFrom('pending' as const, 'deleting' as const, 'deleted' as const, 'error' as const),
      }),
      { maxLength: 2 },
    ),
    readerAssignments: fc.array(
      fc.record({
        securityGroupId: fc.constantFrom(...groups),
        roles: fc.subarray([ENTRA_ROLE.directoryReaders, BOGUS_ROLE], { minLength: 1 }),
      }),
      { maxLength: 2 },
    ),
    otherRelationships: fc.array(
      fc.oneof(
        relationship.map((r) => ({ ...r, partnerTenantId: IDS.providerTenant })),
        relationship.map((r) => ({ ...r, status: 'terminated' as const })),
        relationship.map((r) => ({ ...r, endDateTime: daysFromNow(-1) })),
      ),
      { maxLength: 2 },
    ),
    noiseGroups: fc.subarray([IDS.otherGroup]),
    rbacNoise: fc.array(
      fc.oneof(
        azureGrant.map((g) => ({ ...g, partnerTenantId: IDS.providerTenant })),
        fc.constantFrom('Reader', AZURE_ROLE_ID.reader).map((role) => anAoboOwnerAssignment({ role })),
        fc.constantFrom(...azureRoles).map((role) => anAoboOwnerAssignment({ principal: UNJOINED_GROUP, role })),
      ),
      { maxLength: 2 },
    ),
  })
  .map((c) => {
    const azure = c.workload === 'azure';
    const support = anAccessAssignment({ roles: [c.role] });
    // For Azure any active role qualifies (rule 6), so active noise would be a second grant.
    const noise = [...c.inactiveAssignments, ...(azure ? [] : c.readerAssignments.map((a) => anAccessAssignment(a)))];
    const main = aGdapRelationship({ endDateTime: daysFromNow(c.days), autoExtend: c.autoExtend, accessAssignments: [support, ...noise] });
    const rbac = anAoboOwnerAssignment({ principal: c.rbacPrincipal, role: c.rbacRole });
    const input = anEligibilityInput({
      partner: aPartner({ agents: [anAgent({ groups: [IDS.supportGroup, ...c.noiseGroups] })] }),
      customer: aCustomer({
        relationships: [main, ...c.otherRelationships],
        subscriptions: [anAzureCspSubscription({ azureRoleAssignments: [rbac, ...c.rbacNoise] })],
      }),
      request: azure ? anAzureRequest() : aServiceRequest({ workload: c.workload }),
    });
    return { input, main, support, rbac };
  });
