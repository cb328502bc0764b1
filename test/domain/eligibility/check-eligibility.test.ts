import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../../../shared/domain/eligibility/check-eligibility.js';
import type { EligibilityInput, EligibilityResult } from '../../../shared/domain/eligibility/types.js';
import type { ReasonCode } from '../../../shared/domain/reasons.js';
import {
  aCustomer,
  aDirectSubscription,
  aGdapRelationship,
  aMarketplaceSubscription,
  anAccessAssignment,
  anAgent,
  anAoboOwnerAssignment,
  anAzureCspSubscription,
  anAzureRequest,
  anEligibilityInput,
  anIndirectReseller,
  anOffice365Subscription,
  anOwnTenantCustomer,
  aPartner,
  aServiceRequest,
  AZURE_ROLE_ID,
  daysFromNow,
  ENTRA_ROLE,
  IDS,
} from '../../support/directory-mother.js';

interface Row {
  when: string;
  input: EligibilityInput;
  then: {
    decision: EligibilityResult['decision'];
    channel: EligibilityResult['channel'];
    /** Every reason code, blocking one first, then warnings in rule order. */
    codes: ReasonCode[];
    customerCanSelfFile?: boolean | null;
  };
}

const azure = (parts: Parameters<typeof anEligibilityInput>[0] = {}) => anEligibilityInput({ request: anAzureRequest(), ...parts });
const withGdap = (...assignments: Parameters<typeof anAccessAssignment>[0][]) =>
  aCustomer({ relationships: [aGdapRelationship({ accessAssignments: assignments.map(anAccessAssignment) })] });
const withAzureGrants = (...grants: Parameters<typeof anAoboOwnerAssignment>[0][]) =>
  aCustomer({ subscriptions: [anAzureCspSubscription({ azureRoleAssignments: grants.map(anAoboOwnerAssignment) })] });
const noGdap = aCustomer({ relationships: [] });
/**
 * Group ids with hex letters (all-digit GUIDs read the same in either case): the agent's group in upper case, the
 * nesting as Graph writes it (lower case) with the parent in upper case, the assignment in lower case.
 */
const HEX_GROUP = {
  agent: 'abcdef01-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  middle: 'bcdef012-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  assigned: 'cdef0123-cccc-4ccc-8ccc-cccccccccccc',
};
const nestedInOtherCase = () => ({
  partner: aPartner({
    agents: [anAgent({ groups: [HEX_GROUP.agent.toUpperCase()] })],
    groupMemberships: [
      { groupId: HEX_GROUP.agent, memberOf: [HEX_GROUP.middle.toUpperCase()] },
      { groupId: HEX_GROUP.middle, memberOf: [HEX_GROUP.assigned.toUpperCase()] },
    ],
  }),
  customer: withGdap({ securityGroupId: HEX_GROUP.assigned }),
});
/** A customer with a relationship, subscriptions and a marketplace product — all of another partner's. */
const anotherPartnersCustomer = aCustomer({
  relationships: [aGdapRelationship({ partnerTenantId: IDS.providerTenant })],
  subscriptions: [
    anOffice365Subscription({ providerTenantId: IDS.providerTenant }),
    anAzureCspSubscription({ providerTenantId: IDS.providerTenant }),
    aMarketplaceSubscription({ providerTenantId: IDS.providerTenant }),
  ],
});

// One row per line reads as a decision table; Prettier would spread each row over five lines.
// prettier-ignore
const rows: Row[] = [
  // Before rule 1, rule 1, rule 10
  { when: 'the partner is not in the directory', input: anEligibilityInput({ partner: null }), then: { decision: 'ineligible', channel: 'none', codes: ['PARTNER_NOT_FOUND'], customerCanSelfFile: null } },
  { when: 'the customer is not in the directory', input: anEligibilityInput({ customer: null }), then: { decision: 'ineligible', channel: 'none', codes: ['CUSTOMER_NOT_FOUND'], customerCanSelfFile: null } },
  { when: 'the partner is unknown and so is the customer', input: anEligibilityInput({ partner: null, customer: null }), then: { decision: 'ineligible', channel: 'none', codes: ['PARTNER_NOT_FOUND'] } },
  { when: 'the customer is in US Government and the partner in public', input: anEligibilityInput({ customer: aCustomer({ cloud: 'usgov' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['CLOUD_MISMATCH'] } },
  { when: 'partner and customer are both in US Government', input: anEligibilityInput({ partner: aPartner({ cloud: 'usgov' }), customer: aCustomer({ cloud: 'usgov' }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the customer is in the 21Vianet cloud', input: anEligibilityInput({ customer: aCustomer({ cloud: 'china' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['UNSUPPORTED_CLOUD'] } },
  { when: 'partner and customer are both in the 21Vianet cloud', input: anEligibilityInput({ partner: aPartner({ cloud: 'china' }), customer: aCustomer({ cloud: 'china' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['UNSUPPORTED_CLOUD'] } },
  { when: 'the clouds differ and there is no GDAP either', input: anEligibilityInput({ customer: aCustomer({ cloud: 'usgov', relationships: [] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['CLOUD_MISMATCH'], customerCanSelfFile: null } },

  // Rule 1, privacy: another partner's customer is answered exactly like an unknown tenant
  { when: 'the customer belongs to another partner (Microsoft 365)', input: anEligibilityInput({ customer: anotherPartnersCustomer }), then: { decision: 'ineligible', channel: 'none', codes: ['CUSTOMER_NOT_FOUND'], customerCanSelfFile: null } },
  { when: 'the customer belongs to another partner (Azure, with its subscription id)', input: azure({ customer: anotherPartnersCustomer }), then: { decision: 'ineligible', channel: 'none', codes: ['CUSTOMER_NOT_FOUND'], customerCanSelfFile: null } },
  { when: 'the customer belongs to another partner (its marketplace product)', input: anEligibilityInput({ customer: anotherPartnersCustomer, request: aServiceRequest({ productId: IDS.marketplaceProduct }) }), then: { decision: 'ineligible', channel: 'none', codes: ['CUSTOMER_NOT_FOUND'], customerCanSelfFile: null } },
  { when: 'the customer belongs to another partner in another cloud', input: anEligibilityInput({ customer: { ...anotherPartnersCustomer, cloud: 'usgov' } }), then: { decision: 'ineligible', channel: 'none', codes: ['CUSTOMER_NOT_FOUND'] } },
  { when: 'the only tie is a subscription the partner resells', input: anEligibilityInput({ partner: anIndirectReseller(), customer: aCustomer({ relationships: [], subscriptions: [anOffice365Subscription({ providerTenantId: IDS.providerTenant, resellerTenantId: IDS.resellerTenant })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },
  { when: 'the only tie is an expired relationship', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ status: 'terminated', endDateTime: daysFromNow(-30) })], subscriptions: [] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },

  // Rule 2
  { when: 'the customer is the partner itself and it has no plan on file', input: anEligibilityInput({ customer: anOwnTenantCustomer() }), then: { decision: 'ineligible', channel: 'none', codes: ['OWN_SUBSCRIPTION_NEEDS_PLAN'] } },
  { when: 'the customer is the partner itself with a plan on file', input: anEligibilityInput({ partner: aPartner({ ownSupportPlan: { kind: 'unified', id: 'U-1' } }), customer: anOwnTenantCustomer() }), then: { decision: 'eligible', channel: 'partner-own-support', codes: [] } },
  { when: 'the partner asks about a marketplace product in its own tenant', input: anEligibilityInput({ partner: aPartner({ ownSupportPlan: { kind: 'premier', id: 'P-1' } }), customer: anOwnTenantCustomer(aPartner(), { subscriptions: [aMarketplaceSubscription()] }), request: aServiceRequest({ productId: IDS.marketplaceProduct }) }), then: { decision: 'eligible', channel: 'isv-support', codes: ['MARKETPLACE_PRODUCT'] } },
  { when: 'the partner asks about an Azure marketplace subscription in its own tenant without a plan', input: azure({ customer: anOwnTenantCustomer(aPartner(), { subscriptions: [aMarketplaceSubscription()] }), request: anAzureRequest({ subscriptionId: IDS.marketplaceSubscription }) }), then: { decision: 'eligible', channel: 'isv-support', codes: ['MARKETPLACE_PRODUCT'] } },

  // Rule 3
  { when: 'the request names a marketplace product with a contact on file', input: anEligibilityInput({ customer: aCustomer({ subscriptions: [aMarketplaceSubscription()] }), request: aServiceRequest({ productId: IDS.marketplaceProduct }) }), then: { decision: 'eligible', channel: 'isv-support', codes: ['MARKETPLACE_PRODUCT'] } },
  { when: 'the request names a marketplace product without a contact', input: anEligibilityInput({ customer: aCustomer({ subscriptions: [aMarketplaceSubscription({ marketplace: { publisher: 'Acme Software' } })] }), request: aServiceRequest({ productId: IDS.marketplaceProduct }) }), then: { decision: 'eligible', channel: 'isv-support', codes: ['MARKETPLACE_PRODUCT', 'ISV_CONTACT_UNKNOWN'] } },
  { when: 'the azure subscription of the request is a marketplace one and there is no GDAP', input: azure({ customer: aCustomer({ relationships: [], subscriptions: [aMarketplaceSubscription()] }), request: anAzureRequest({ subscriptionId: IDS.marketplaceSubscription }) }), then: { decision: 'eligible', channel: 'isv-support', codes: ['MARKETPLACE_PRODUCT'], customerCanSelfFile: null } },
  { when: 'the productId matches a subscription that is not a marketplace one', input: anEligibilityInput({ customer: aCustomer({ subscriptions: [anOffice365Subscription({ productId: 'CFQ7TTC0LF8R' })] }), request: aServiceRequest({ productId: 'CFQ7TTC0LF8R' }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'a reseller asks about a marketplace product on Azure', input: azure({ partner: anIndirectReseller(), customer: aCustomer({ subscriptions: [aMarketplaceSubscription({ resellerTenantId: IDS.resellerTenant })] }), request: anAzureRequest({ subscriptionId: IDS.marketplaceSubscription }) }), then: { decision: 'eligible', channel: 'isv-support', codes: ['MARKETPLACE_PRODUCT'] } },

  // Rule 4
  { when: 'the azure subscription is not on file', input: azure({ request: anAzureRequest({ subscriptionId: '00000000-0000-4000-8000-000000000000' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['SUBSCRIPTION_NOT_FOUND'], customerCanSelfFile: null } },
  { when: 'an azure request comes without a subscription id', input: azure({ request: anAzureRequest({ subscriptionId: undefined }) }), then: { decision: 'ineligible', channel: 'none', codes: ['SUBSCRIPTION_NOT_FOUND'] } },
  { when: 'the azure subscription id belongs to a non-azure subscription', input: azure({ customer: aCustomer({ subscriptions: [anOffice365Subscription({ id: IDS.azureSubscription })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['SUBSCRIPTION_NOT_FOUND'] } },
  { when: 'an indirect reseller asks about Azure', input: azure({ partner: anIndirectReseller(), customer: aCustomer({ subscriptions: [anAzureCspSubscription({ providerTenantId: IDS.providerTenant, resellerTenantId: IDS.resellerTenant })] }) }), then: { decision: 'ineligible', channel: 'indirect-provider', codes: ['RESELLER_CANNOT_FILE_AZURE'], customerCanSelfFile: null } },
  { when: 'an indirect reseller without any GDAP asks about Azure', input: azure({ partner: anIndirectReseller(), customer: aCustomer({ relationships: [], subscriptions: [anAzureCspSubscription({ providerTenantId: IDS.providerTenant, resellerTenantId: IDS.resellerTenant })] }) }), then: { decision: 'ineligible', channel: 'indirect-provider', codes: ['RESELLER_CANNOT_FILE_AZURE'] } },
  { when: 'an advisor asks about Azure', input: azure({ partner: aPartner({ tenantId: IDS.advisorTenant, type: 'advisor' }), customer: aCustomer({ relationships: [aGdapRelationship({ partnerTenantId: IDS.advisorTenant })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NOT_SUBSCRIPTION_PROVIDER'] } },
  { when: 'a direct partner asks about another provider\'s Azure subscription', input: azure({ customer: aCustomer({ subscriptions: [anAzureCspSubscription({ providerTenantId: IDS.providerTenant })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NOT_SUBSCRIPTION_PROVIDER'] } },
  { when: 'the Azure subscription was bought directly from Microsoft', input: azure({ customer: aCustomer({ subscriptions: [anAzureCspSubscription({ channel: 'direct', providerTenantId: undefined })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NOT_SUBSCRIPTION_PROVIDER'] } },
  { when: 'an indirect reseller asks about Microsoft 365 with GDAP', input: anEligibilityInput({ partner: anIndirectReseller(), customer: aCustomer({ relationships: [aGdapRelationship({ partnerTenantId: IDS.resellerTenant })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },

  // Rule 5
  { when: 'there is no GDAP relationship', input: anEligibilityInput({ customer: noGdap }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'], customerCanSelfFile: false } },
  { when: 'the only GDAP relationship is expired', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ status: 'expired', endDateTime: daysFromNow(-3) })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },
  { when: 'the relationship says active but its end date has passed', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(-1) })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },
  { when: 'the relationship is still awaiting approval', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ status: 'approvalPending', endDateTime: undefined })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_PENDING_APPROVAL'] } },
  { when: 'the customer approved and Microsoft is still activating the relationship', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ status: 'activating', endDateTime: undefined })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_PENDING_APPROVAL'] } },
  { when: 'an old relationship expired and its replacement awaits approval', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ status: 'expired', endDateTime: daysFromNow(-3) }), aGdapRelationship({ id: 'gdap-rel-2', status: 'approvalPending', endDateTime: undefined })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_PENDING_APPROVAL'] } },
  { when: 'the only tie to the customer is a pending relationship', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ status: 'created', endDateTime: undefined })], subscriptions: [] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_PENDING_APPROVAL'] } },
  { when: 'the only active relationship belongs to another partner', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ partnerTenantId: IDS.providerTenant })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },
  { when: 'there is no GDAP and the agent is unknown too', input: anEligibilityInput({ customer: noGdap, request: aServiceRequest({ agent: { userPrincipalName: 'nobody@x.example' } }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },
  { when: 'there is no GDAP and the customer has paid direct Microsoft 365', input: anEligibilityInput({ customer: aCustomer({ relationships: [], subscriptions: [anOffice365Subscription(), aDirectSubscription()] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'], customerCanSelfFile: true } },
  { when: 'there is no GDAP and the customer\'s direct Microsoft 365 is a trial', input: anEligibilityInput({ customer: aCustomer({ relationships: [], subscriptions: [anOffice365Subscription(), aDirectSubscription({ isTrial: true })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'], customerCanSelfFile: false } },
  { when: 'there is no GDAP and the paid direct subscription is for another workload', input: anEligibilityInput({ customer: aCustomer({ relationships: [], subscriptions: [anOffice365Subscription(), aDirectSubscription({ workload: 'dynamics' })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'], customerCanSelfFile: false } },
  { when: 'there is no GDAP and the directory cannot see direct purchases', input: anEligibilityInput({ customer: aCustomer({ relationships: [], directSubscriptionsKnown: false }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'], customerCanSelfFile: null } },
  { when: 'the directory cannot see direct purchases but lists a paid direct one', input: anEligibilityInput({ customer: aCustomer({ relationships: [], directSubscriptionsKnown: false, subscriptions: [anOffice365Subscription(), aDirectSubscription()] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'], customerCanSelfFile: true } },
  { when: 'the relationship ends in ten days', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(10) })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: ['GDAP_EXPIRING'], customerCanSelfFile: null } },
  { when: 'the relationship ends in ten days but auto-extends', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(10), autoExtend: true })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the relationship ends in forty days', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(40) })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'one relationship ends soon but another granting the same access lasts', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(5) }), aGdapRelationship({ id: 'gdap-rel-2' })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the support role sits in a relationship ending soon and a lasting one only grants Directory Readers', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(5) }), aGdapRelationship({ id: 'gdap-rel-2', accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.directoryReaders] })] })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: ['GDAP_EXPIRING'] } },

  // Rule 6
  { when: 'the assignment grants only Directory Readers for Microsoft 365', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.directoryReaders] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_ROLE_MISSING'], customerCanSelfFile: false } },
  { when: 'the assignment with the support role is still pending', input: anEligibilityInput({ customer: withGdap({ status: 'pending' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_ROLE_MISSING'] } },
  { when: 'the relationship has no assignments at all (Azure)', input: azure({ customer: aCustomer({ relationships: [aGdapRelationship({ accessAssignments: [] })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_ROLE_MISSING'] } },
  { when: 'the role is missing and the relationship ends soon', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(3), accessAssignments: [anAccessAssignment({ status: 'deleted' })] })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_ROLE_MISSING', 'GDAP_EXPIRING'] } },
  { when: 'Directory Readers is the only role for Azure with AOBO Owner', input: azure({ customer: aCustomer({ relationships: [aGdapRelationship({ accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.directoryReaders] })] })] }) }), then: { decision: 'eligible', channel: 'azure-support', codes: [] } },
  { when: 'the assignment grants Helpdesk Administrator for EMS', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.helpdeskAdministrator] }), request: aServiceRequest({ workload: 'ems' }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the assignment grants Dynamics 365 Administrator for Dynamics', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.dynamics365Administrator] }), request: aServiceRequest({ workload: 'dynamics' }) }), then: { decision: 'eligible', channel: 'power-platform-admin-center', codes: [] } },
  { when: 'the assignment grants Power Platform Administrator', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.powerPlatformAdministrator] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the assignment grants Global Administrator', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.globalAdministrator] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: ['GDAP_GLOBAL_ADMIN'] } },
  { when: 'Global Administrator is granted, the relationship ends soon and the agent is not in the group', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(2), accessAssignments: [anAccessAssignment({ securityGroupId: IDS.otherGroup, roles: [ENTRA_ROLE.globalAdministrator] })] })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_USER_NOT_ASSIGNED', 'GDAP_EXPIRING', 'GDAP_GLOBAL_ADMIN'] } },

  // Rule 7
  { when: 'the agent is not in the directory', input: anEligibilityInput({ request: aServiceRequest({ agent: { userPrincipalName: 'nobody@contoso-partners.example' } }) }), then: { decision: 'ineligible', channel: 'none', codes: ['AGENT_NOT_FOUND'], customerCanSelfFile: false } },
  { when: 'the agent is named by sign-in name in another letter case', input: anEligibilityInput({ request: aServiceRequest({ agent: { userPrincipalName: 'ADA@Contoso-Partners.example' } }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the agent\'s object id is upper-case', input: anEligibilityInput({ request: aServiceRequest({ agent: { objectId: IDS.agentObjectId.toUpperCase() } }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the agent lacks the Admin agent role', input: anEligibilityInput({ partner: aPartner({ agents: [anAgent({ adminAgent: false })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['ADMIN_AGENT_ROLE_MISSING'] } },
  { when: 'the agent is in no group of the assignment', input: anEligibilityInput({ partner: aPartner({ agents: [anAgent({ groups: [IDS.otherGroup] })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_USER_NOT_ASSIGNED'], customerCanSelfFile: false } },
  { when: 'the agent is in a group nested inside the assigned group', input: anEligibilityInput({ partner: aPartner({ agents: [anAgent({ groups: [IDS.otherGroup] })], groupMemberships: [{ groupId: IDS.otherGroup, memberOf: [IDS.supportGroup] }] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the agent is two nesting levels below the assigned group', input: anEligibilityInput({ partner: aPartner({ agents: [anAgent({ groups: [IDS.otherGroup] })], groupMemberships: [{ groupId: IDS.otherGroup, memberOf: [IDS.nestedGroup] }, { groupId: IDS.nestedGroup, memberOf: [IDS.supportGroup.toUpperCase()] }] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the assigned group is inside the agent\'s group (membership does not flow downwards)', input: anEligibilityInput({ partner: aPartner({ agents: [anAgent({ groups: [IDS.otherGroup] })], groupMemberships: [{ groupId: IDS.supportGroup, memberOf: [IDS.otherGroup] }] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_USER_NOT_ASSIGNED'] } },
  { when: 'the agent\'s group only holds Directory Readers for Microsoft 365', input: anEligibilityInput({ customer: withGdap({}, { securityGroupId: IDS.otherGroup, roles: [ENTRA_ROLE.directoryReaders] }), partner: aPartner({ agents: [anAgent({ groups: [IDS.otherGroup] })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_USER_NOT_ASSIGNED'] } },

  // Rule 8
  { when: 'the provider files for Azure with the AOBO Owner grant', input: azure(), then: { decision: 'eligible', channel: 'azure-support', codes: [], customerCanSelfFile: null } },
  { when: 'the customer removed the AOBO Owner grant', input: azure({ customer: withAzureGrants() }), then: { decision: 'ineligible', channel: 'none', codes: ['AZURE_RBAC_MISSING'], customerCanSelfFile: null } },
  { when: 'the Azure RBAC grant is missing but the customer has paid direct Azure (self-filing is an admin-center rule, not asked for Azure)', input: azure({ customer: aCustomer({ subscriptions: [anAzureCspSubscription({ azureRoleAssignments: [] }), aDirectSubscription({ id: 'direct-azure', workload: 'azure' })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['AZURE_RBAC_MISSING'], customerCanSelfFile: null } },
  { when: 'the Admin Agents only hold Reader', input: azure({ customer: withAzureGrants({ role: 'Reader' }, { role: AZURE_ROLE_ID.reader }) }), then: { decision: 'ineligible', channel: 'none', codes: ['AZURE_RBAC_MISSING'] } },
  { when: 'the Owner grant belongs to another partner', input: azure({ customer: withAzureGrants({ partnerTenantId: IDS.providerTenant }) }), then: { decision: 'ineligible', channel: 'none', codes: ['AZURE_RBAC_MISSING'] } },
  { when: 'Support Request Contributor is granted to a group the agent is in', input: azure({ customer: withAzureGrants({ principal: IDS.supportGroup, role: 'support request contributor' }) }), then: { decision: 'eligible', channel: 'azure-support', codes: [] } },
  { when: 'the RBAC grant goes to a group the agent is not in', input: azure({ customer: withAzureGrants({ principal: IDS.otherGroup, role: 'Contributor' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['AZURE_RBAC_MISSING'] } },
  { when: 'Contributor is granted by its full role definition path', input: azure({ customer: withAzureGrants({ role: `/subscriptions/${IDS.azureSubscription}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLE_ID.contributor}` }) }), then: { decision: 'eligible', channel: 'azure-support', codes: [] } },
  { when: 'RBAC is missing and the relationship ends soon', input: azure({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(7) })], subscriptions: [anAzureCspSubscription({ azureRoleAssignments: [] })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['AZURE_RBAC_MISSING', 'GDAP_EXPIRING'] } },
  { when: 'RBAC is missing and the agent is not an Admin agent', input: azure({ partner: aPartner({ agents: [anAgent({ adminAgent: false })] }), customer: withAzureGrants() }), then: { decision: 'ineligible', channel: 'none', codes: ['ADMIN_AGENT_ROLE_MISSING'] } },

  // Edges: the exact end of a relationship and of the notice period, one fact among several, duplicate entries in either order
  { when: 'the partner is in the 21Vianet cloud and the customer in public', input: anEligibilityInput({ partner: aPartner({ cloud: 'china' }) }), then: { decision: 'ineligible', channel: 'none', codes: ['UNSUPPORTED_CLOUD'] } },
  { when: 'the only relationship ends at this very moment', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(0) })] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['NO_ACTIVE_GDAP'] } },
  { when: 'the relationship ends in exactly 30 days (the notice period)', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(30) })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: ['GDAP_EXPIRING'] } },
  { when: 'the relationship ends in 31 days', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(31) })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'two relationships end soon and one of them auto-extends', input: anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(5) }), aGdapRelationship({ id: 'gdap-rel-2', endDateTime: daysFromNow(10), autoExtend: true })] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the assignment grants no role at all (Azure)', input: azure({ customer: withGdap({ roles: [] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['GDAP_ROLE_MISSING'] } },
  { when: 'the assignment grants Directory Readers and Service Support Administrator', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.directoryReaders, ENTRA_ROLE.serviceSupportAdministrator] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'Global Administrator is one of the assignment\'s roles', input: anEligibilityInput({ customer: withGdap({ roles: [ENTRA_ROLE.serviceSupportAdministrator, ENTRA_ROLE.globalAdministrator] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: ['GDAP_GLOBAL_ADMIN'] } },
  { when: 'the customer is the partner\'s own tenant and nothing else ties them', input: anEligibilityInput({ customer: anOwnTenantCustomer(aPartner(), { subscriptions: [] }) }), then: { decision: 'ineligible', channel: 'none', codes: ['OWN_SUBSCRIPTION_NEEDS_PLAN'] } },
  { when: 'the customer has a marketplace product but the request is about Microsoft 365', input: anEligibilityInput({ customer: aCustomer({ subscriptions: [anOffice365Subscription(), aMarketplaceSubscription()] }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'the request names a product the customer does not have, beside a marketplace product it has', input: anEligibilityInput({ customer: aCustomer({ subscriptions: [anOffice365Subscription(), aMarketplaceSubscription()] }), request: aServiceRequest({ productId: 'CFQ7TTC0LF8R:0002' }) }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
  { when: 'an Azure request is about the CSP subscription of a customer who also has a marketplace subscription', input: azure({ customer: aCustomer({ subscriptions: [anAzureCspSubscription(), aMarketplaceSubscription()] }) }), then: { decision: 'eligible', channel: 'azure-support', codes: [] } },
  { when: 'the Azure subscription is listed twice, first as another provider\'s', input: azure({ customer: aCustomer({ subscriptions: [anAzureCspSubscription({ providerTenantId: IDS.providerTenant }), anAzureCspSubscription()] }) }), then: { decision: 'eligible', channel: 'azure-support', codes: [] } },
  { when: 'the Azure subscription is listed twice, last as another provider\'s', input: azure({ customer: aCustomer({ subscriptions: [anAzureCspSubscription(), anAzureCspSubscription({ providerTenantId: IDS.providerTenant })] }) }), then: { decision: 'eligible', channel: 'azure-support', codes: [] } },
  { when: 'the agent reaches the assigned group through two nested groups, each id written in another letter case', input: anEligibilityInput({ ...nestedInOtherCase() }), then: { decision: 'eligible', channel: 'm365-admin-center', codes: [] } },
];

describe('checkEligibility (docs/rules.md rule 1–8 and 10)', () => {
  it.each(rows)('when $when, then the decision and reasons follow the rules', ({ input, then }) => {
    const result = checkEligibility(input);
    expect({ decision: result.decision, channel: result.channel, codes: result.reasons.map((r) => r.code) }).toEqual({
      decision: then.decision,
      channel: then.channel,
      codes: then.codes,
    });
    if (then.customerCanSelfFile !== undefined) expect(result.customerCanSelfFile).toBe(then.customerCanSelfFile);
  });

  it.each(rows)('when $when, then every reason says what happened and every block says how to fix it', ({ input }) => {
    for (const reason of checkEligibility(input).reasons) {
      expect(reason.message.length).toBeGreaterThan(20);
      if (reason.severity === 'block') expect(reason.fix, reason.code).toMatch(/\w{3,}/);
    }
  });

  it('when every rule code is exercised, then the table covers all codes of rules 1–8 and 10', () => {
    const seen = new Set(rows.flatMap((r) => r.then.codes));
    const ruleCodes: ReasonCode[] = [
      'PARTNER_NOT_FOUND',
      'CUSTOMER_NOT_FOUND',
      'OWN_SUBSCRIPTION_NEEDS_PLAN',
      'MARKETPLACE_PRODUCT',
      'ISV_CONTACT_UNKNOWN',
      'RESELLER_CANNOT_FILE_AZURE',
      'NOT_SUBSCRIPTION_PROVIDER',
      'SUBSCRIPTION_NOT_FOUND',
      'NO_ACTIVE_GDAP',
      'GDAP_PENDING_APPROVAL',
      'GDAP_EXPIRING',
      'GDAP_ROLE_MISSING',
      'GDAP_GLOBAL_ADMIN',
      'GDAP_USER_NOT_ASSIGNED',
      'ADMIN_AGENT_ROLE_MISSING',
      'AGENT_NOT_FOUND',
      'AZURE_RBAC_MISSING',
      'CLOUD_MISMATCH',
      'UNSUPPORTED_CLOUD',
    ];
    expect(ruleCodes.filter((code) => !seen.has(code))).toEqual([]);
  });
});
