import { describe, expect, it } from 'vitest';
import { directorySchema } from '../../../shared/domain/directory.js';
import { checkEligibility } from '../../../shared/domain/eligibility/check-eligibility.js';
import type { ReasonCode } from '../../../shared/domain/reasons.js';
import {
  aCustomer, aDirectory, aGdapRelationship, aMarketplaceSubscription, anAccessAssignment, anAgent, anAzureCspSubscription,
  anAzureRequest, anEligibilityInput, anIndirectReseller, anOwnTenantCustomer, aPartner, aServiceRequest, daysFromNow, ENTRA_ROLE, IDS,
} from '../../support/directory-mother.js';

const reason = (code: ReasonCode, input = anEligibilityInput()) => {
  const found = checkEligibility(input).reasons.find((r) => r.code === code);
  if (!found) throw new Error(`expected reason ${code}`);
  return found;
};

describe('eligibility result details', () => {
  it('when the mother builds its default directory, then it passes the import schema', () => {
    expect(directorySchema.safeParse(aDirectory()).success).toBe(true);
  });

  it('when the request is eligible, then the matched agent is returned for the partner contact', () => {
    const result = checkEligibility(anEligibilityInput({ request: aServiceRequest({ agent: { userPrincipalName: 'ada@contoso-partners.example' } }) }));
    expect(result.agent).toEqual({ userPrincipalName: 'ada@contoso-partners.example', objectId: IDS.agentObjectId });
  });

  it('when both object id and sign-in name are given, then the object id decides', () => {
    const bea = anAgent({ userPrincipalName: 'bea@contoso-partners.example', objectId: IDS.otherAgentObjectId, adminAgent: false });
    const input = anEligibilityInput({
      partner: aPartner({ agents: [anAgent(), bea] }),
      request: aServiceRequest({ agent: { objectId: IDS.agentObjectId, userPrincipalName: 'bea@contoso-partners.example' } }),
    });
    expect(checkEligibility(input)).toMatchObject({ decision: 'eligible', agent: { objectId: IDS.agentObjectId } });
  });

  it('when the partner files in its own tenant with a plan, then the plan to quote is returned', () => {
    const input = anEligibilityInput({ partner: aPartner({ ownSupportPlan: { kind: 'partner-program-agreement', id: 'AICPP-42' } }), customer: anOwnTenantCustomer() });
    expect(checkEligibility(input).plan).toEqual({ kind: 'partner-program-agreement', id: 'AICPP-42' });
  });

  it('when the product is from the marketplace, then the ISV contact is returned and named in the fix', () => {
    const input = anEligibilityInput({ customer: aCustomer({ subscriptions: [aMarketplaceSubscription()] }), request: aServiceRequest({ productId: IDS.marketplaceProduct.toLowerCase() }) });
    const result = checkEligibility(input);
    expect(result.isv).toEqual({ publisher: 'Acme Software', supportUrl: 'https://support.acme.example', supportEmail: 'help@acme.example', supportPhone: '+1 555 0199' });
    expect(result.reasons[0]).toMatchObject({ code: 'MARKETPLACE_PRODUCT', severity: 'warn' });
    expect(result.reasons[0]?.fix).toContain('help@acme.example');
  });

  it('when two marketplace entries match and only one has a contact, then that contact is given whatever the order', () => {
    const silent = aMarketplaceSubscription({ id: 'a-first', marketplace: { publisher: 'Acme Software' } });
    const input = (subs: ReturnType<typeof aMarketplaceSubscription>[]) =>
      anEligibilityInput({ customer: aCustomer({ subscriptions: subs }), request: aServiceRequest({ productId: IDS.marketplaceProduct }) });
    expect(checkEligibility(input([silent, aMarketplaceSubscription()])).isv?.supportEmail).toBe('help@acme.example');
    expect(checkEligibility(input([aMarketplaceSubscription(), silent])).isv?.supportEmail).toBe('help@acme.example');
  });

  it('when a reseller asks about Azure, then the request is forwarded to the subscription\'s provider', () => {
    const input = anEligibilityInput({
      partner: anIndirectReseller({ indirectProviderTenantId: IDS.advisorTenant }),
      customer: aCustomer({ subscriptions: [anAzureCspSubscription({ providerTenantId: IDS.providerTenant, resellerTenantId: IDS.resellerTenant })] }),
      request: anAzureRequest(),
    });
    const result = checkEligibility(input);
    expect(result).toMatchObject({ channel: 'indirect-provider', providerTenantId: IDS.providerTenant });
    expect(result.reasons[0]?.fix).toContain(IDS.providerTenant);
  });

  it('when the subscription names no provider, then a reseller is sent to its own indirect provider', () => {
    const input = anEligibilityInput({
      partner: anIndirectReseller(),
      customer: aCustomer({ subscriptions: [anAzureCspSubscription({ providerTenantId: undefined, resellerTenantId: IDS.resellerTenant })] }),
      request: anAzureRequest(),
    });
    expect(checkEligibility(input)).toMatchObject({ channel: 'indirect-provider', providerTenantId: IDS.providerTenant });
  });

  it('when the GDAP role is missing, then the fix names Service Support Administrator and its template id', () => {
    const fix = reason('GDAP_ROLE_MISSING', anEligibilityInput({ customer: aCustomer({ relationships: [aGdapRelationship({ accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.directoryReaders] })] })] }) })).fix;
    expect(fix).toContain('Service Support Administrator');
    expect(fix).toContain(ENTRA_ROLE.serviceSupportAdministrator);
  });

  it('when the agent is in no qualifying group, then the fix names every group to join', () => {
    const customer = aCustomer({ relationships: [aGdapRelationship({ accessAssignments: [anAccessAssignment(), anAccessAssignment({ securityGroupId: IDS.otherGroup })] })] });
    const fix = reason('GDAP_USER_NOT_ASSIGNED', anEligibilityInput({ customer, partner: aPartner({ agents: [anAgent({ groups: [] })] }) })).fix;
    expect(fix).toContain(IDS.supportGroup);
    expect(fix).toContain(IDS.otherGroup);
  });

  it('when the Azure role is missing, then the fix names the role and the subscription', () => {
    const customer = aCustomer({ subscriptions: [anAzureCspSubscription({ azureRoleAssignments: [] })] });
    const fix = reason('AZURE_RBAC_MISSING', anEligibilityInput({ customer, request: anAzureRequest() })).fix;
    expect(fix).toContain('Support Request Contributor');
    expect(fix).toContain(IDS.azureSubscription);
  });

  it('when the relationship ends soon, then the warning gives the end date and the days left', () => {
    const customer = aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(10) })] });
    expect(reason('GDAP_EXPIRING', anEligibilityInput({ customer })).message).toMatch(/2025-06-11 \(in 10 days\)/);
  });

  it('when a rule blocks after warnings were raised, then the block comes first and the warnings keep rule order', () => {
    const customer = aCustomer({ relationships: [aGdapRelationship({ endDateTime: daysFromNow(2), accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.globalAdministrator] })] })] });
    const result = checkEligibility(anEligibilityInput({ customer, partner: aPartner({ agents: [anAgent({ adminAgent: false })] }) }));
    expect(result.reasons.map((r) => [r.code, r.severity])).toEqual([
      ['ADMIN_AGENT_ROLE_MISSING', 'block'],
      ['GDAP_EXPIRING', 'warn'],
      ['GDAP_GLOBAL_ADMIN', 'warn'],
    ]);
  });
});
