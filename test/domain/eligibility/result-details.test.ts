import { describe, expect, it } from 'vitest';
import { directorySchema } from '../../../shared/domain/directory.js';
import { checkEligibility } from '../../../shared/domain/eligibility/check-eligibility.js';
import { withNestedGroups } from '../../../shared/domain/eligibility/nested-groups.js';
import type { ReasonCode } from '../../../shared/domain/reasons.js';
import {
  aCustomer,
  aDirectory,
  aGdapRelationship,
  aMarketplaceSubscription,
  anAccessAssignment,
  anAgent,
  anAzureCspSubscription,
  anAzureRequest,
  anEligibilityInput,
  anIndirectReseller,
  anOwnTenantCustomer,
  aPartner,
  aServiceRequest,
  daysFromNow,
  ENTRA_ROLE,
  IDS,
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
    const result = checkEligibility(
      anEligibilityInput({ request: aServiceRequest({ agent: { userPrincipalName: 'ada@contoso-partners.example' } }) }),
    );
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
    const input = anEligibilityInput({
      partner: aPartner({ ownSupportPlan: { kind: 'partner-program-agreement', id: 'AICPP-42' } }),
      customer: anOwnTenantCustomer(),
    });
    expect(checkEligibility(input).plan).toEqual({ kind: 'partner-program-agreement', id: 'AICPP-42' });
  });

  it('when the product is from the marketplace, then the ISV contact is returned and named in the fix', () => {
    const input = anEligibilityInput({
      customer: aCustomer({ subscriptions: [aMarketplaceSubscription()] }),
      request: aServiceRequest({ productId: IDS.marketplaceProduct.toLowerCase() }),
    });
    const result = checkEligibility(input);
    expect(result.isv).toEqual({
      publisher: 'Acme Software',
      supportUrl: 'https://support.acme.example',
      supportEmail: 'help@acme.example',
      supportPhone: '+1 555 0199',
    });
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

  it("when a reseller asks about Azure, then the request is forwarded to the subscription's provider", () => {
    const input = anEligibilityInput({
      partner: anIndirectReseller({ indirectProviderTenantId: IDS.advisorTenant }),
      customer: aCustomer({
        subscriptions: [anAzureCspSubscription({ providerTenantId: IDS.providerTenant, resellerTenantId: IDS.resellerTenant })],
      }),
      request: anAzureRequest(),
    });
    const result = checkEligibility(input);
    expect(result).toMatchObject({ channel: 'indirect-provider', providerTenantId: IDS.providerTenant });
    expect(result.reasons[0]?.fix).toContain(IDS.providerTenant);
  });

  it('when the subscription names no provider, then a reseller is sent to its own indirect provider', () => {
    const input = anEligibilityInput({
      partner: anIndirectReseller(),
      customer: aCustomer({
        subscriptions: [anAzureCspSubscription({ providerTenantId: undefined, resellerTenantId: IDS.resellerTenant })],
      }),
      request: anAzureRequest(),
    });
    expect(checkEligibility(input)).toMatchObject({ channel: 'indirect-provider', providerTenantId: IDS.providerTenant });
  });

  it('when the GDAP role is missing, then the fix names Service Support Administrator and its template id', () => {
    const fix = reason(
      'GDAP_ROLE_MISSING',
      anEligibilityInput({
        customer: aCustomer({
          relationships: [aGdapRelationship({ accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.directoryReaders] })] })],
        }),
      }),
    ).fix;
    expect(fix).toContain('Service Support Administrator');
    expect(fix).toContain(ENTRA_ROLE.serviceSupportAdministrator);
  });

  it('when the agent is in no qualifying group, then the fix names every group to join', () => {
    const customer = aCustomer({
      relationships: [
        aGdapRelationship({ accessAssignments: [anAccessAssignment(), anAccessAssignment({ securityGroupId: IDS.otherGroup })] }),
      ],
    });
    const fix = reason(
      'GDAP_USER_NOT_ASSIGNED',
      anEligibilityInput({ customer, partner: aPartner({ agents: [anAgent({ groups: [] })] }) }),
    ).fix;
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
    const customer = aCustomer({
      relationships: [
        aGdapRelationship({
          endDateTime: daysFromNow(2),
          accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.globalAdministrator] })],
        }),
      ],
    });
    const result = checkEligibility(anEligibilityInput({ customer, partner: aPartner({ agents: [anAgent({ adminAgent: false })] }) }));
    expect(result.reasons.map((r) => [r.code, r.severity])).toEqual([
      ['ADMIN_AGENT_ROLE_MISSING', 'block'],
      ['GDAP_EXPIRING', 'warn'],
      ['GDAP_GLOBAL_ADMIN', 'warn'],
    ]);
  });
});

/**
 * What the partner reads (docs/rules.md): each message names the facts it is about, in an order that does not
 * depend on how the directory listed them, and each fix says what to do and with which id.
 */
describe('what a reason tells the partner', () => {
  const gdap = (...relationships: Parameters<typeof aGdapRelationship>[0][]) =>
    anEligibilityInput({ customer: aCustomer({ relationships: relationships.map(aGdapRelationship) }) });
  const UNKNOWN_AGENT = 'dddddddd-0000-4000-8000-00000000000d';

  it.each([
    [
      'a sign-in name and an object id',
      { userPrincipalName: 'nobody@contoso-partners.example', objectId: UNKNOWN_AGENT },
      `The agent (nobody@contoso-partners.example, object id ${UNKNOWN_AGENT}) is not`,
    ],
    ['only an object id', { objectId: UNKNOWN_AGENT }, `The agent (object id ${UNKNOWN_AGENT}) is not`],
    ['only a sign-in name', { userPrincipalName: 'nobody@contoso-partners.example' }, 'The agent (nobody@contoso-partners.example) is not'],
  ])('when an unknown agent is named by %s, then the message names it exactly as the tool sent it', (_label, agent, expected) => {
    expect(reason('AGENT_NOT_FOUND', anEligibilityInput({ request: aServiceRequest({ agent }) })).message).toContain(expected);
  });

  it.each([
    ['partner', aPartner({ cloud: 'china' }), aCustomer()],
    ['customer', aPartner(), aCustomer({ cloud: 'china' })],
  ])('when the %s tenant is in the 21Vianet cloud, then the message says which one', (side, partner, customer) => {
    expect(reason('UNSUPPORTED_CLOUD', anEligibilityInput({ partner, customer })).message).toContain(
      `the ${side} tenant is in the 21Vianet (China) cloud`,
    );
  });

  it('when two relationship requests await approval, then both are named, sorted, and the fix is to approve, not to request again', () => {
    const found = reason(
      'GDAP_PENDING_APPROVAL',
      gdap(
        { id: 'gdap-rel-b', status: 'approvalPending', endDateTime: undefined },
        { id: 'gdap-rel-a', status: 'created', endDateTime: undefined },
      ),
    );
    expect(found.message).toContain('request gdap-rel-a, gdap-rel-b with Fabrikam is not active yet');
    expect(found.fix).toMatch(/Global Administrator must approve/);
    expect(found.fix).toContain('Do not request a new relationship');
  });

  it('when no relationship is active, then the message lists each one and why, sorted, as of today', () => {
    const message = reason(
      'NO_ACTIVE_GDAP',
      gdap({ id: 'gdap-rel-1', endDateTime: daysFromNow(-1) }, { id: 'gdap-rel-0', status: 'terminated', endDateTime: daysFromNow(-40) }),
    ).message;
    expect(message).toContain(
      'between Contoso Partners and the customer; none is active and unexpired (gdap-rel-0 is terminated; gdap-rel-1 ended 2025-05-31) as of 2025-06-01.',
    );
  });

  it('when the partner has no relationship at all, then the message says there is none', () => {
    expect(reason('NO_ACTIVE_GDAP', gdap()).message).toContain(
      'between Contoso Partners and the customer; there is none as of 2025-06-01.',
    );
  });

  it('when the relationship ends tomorrow, then the warning says "in 1 day" and the fix is auto-extend or a new relationship', () => {
    const found = reason('GDAP_EXPIRING', gdap({ endDateTime: daysFromNow(1) }));
    expect(found.message).toContain('ends on 2025-06-02 (in 1 day) and is not set to auto-extend');
    expect(found.fix).toMatch(/Turn on auto-extend .* or request a new one before it ends/);
  });

  it.each([
    ['in this order', ['gdap-rel-b', 'gdap-rel-a']],
    ['in the other order', ['gdap-rel-a', 'gdap-rel-b']],
  ])('when two relationships end on the same day, listed %s, then the warning names the same one', (_label, ids) => {
    const found = reason('GDAP_EXPIRING', gdap(...ids.map((id) => ({ id, endDateTime: daysFromNow(5) }))));
    expect(found.message).toContain('GDAP relationship gdap-rel-a ends on 2025-06-06');
  });

  it('when the Azure request has no role in any active assignment, then message and fix speak of the assignment, not of a Microsoft 365 role', () => {
    const found = reason(
      'GDAP_ROLE_MISSING',
      anEligibilityInput({
        request: anAzureRequest(),
        customer: aCustomer({ relationships: [aGdapRelationship({ accessAssignments: [] })] }),
      }),
    );
    expect(found.message).toContain('has no active access assignment, so no agent holds any role in the customer tenant');
    expect(found.fix).toContain(
      `Add an access assignment for one of your security groups, e.g. with Service Support Administrator (role template id ${ENTRA_ROLE.serviceSupportAdministrator})`,
    );
  });

  it('when no Microsoft 365 role can file, then the message names the workload', () => {
    const found = reason(
      'GDAP_ROLE_MISSING',
      anEligibilityInput({
        customer: aCustomer({
          relationships: [aGdapRelationship({ accessAssignments: [anAccessAssignment({ roles: [ENTRA_ROLE.directoryReaders] })] })],
        }),
      }),
    );
    expect(found.message).toContain('grants a role that can open Microsoft 365 service requests');
  });

  it('when two relationships grant Global Administrator, then the warning names both and the fix names the least-privileged role', () => {
    const globalAdmin = [anAccessAssignment({ roles: [ENTRA_ROLE.globalAdministrator] })];
    const found = reason(
      'GDAP_GLOBAL_ADMIN',
      gdap({ id: 'gdap-rel-2', accessAssignments: globalAdmin }, { id: 'gdap-rel-1', accessAssignments: globalAdmin }),
    );
    expect(found.message).toContain('GDAP relationship gdap-rel-1, gdap-rel-2 grants Global Administrator');
    expect(found.fix).toContain(`Replace it with Service Support Administrator (${ENTRA_ROLE.serviceSupportAdministrator})`);
  });

  it('when the agent is in no qualifying group, then the fix lists the groups sorted and separated', () => {
    const customer = aCustomer({
      relationships: [
        aGdapRelationship({ accessAssignments: [anAccessAssignment(), anAccessAssignment({ securityGroupId: IDS.otherGroup })] }),
      ],
    });
    const fix = reason(
      'GDAP_USER_NOT_ASSIGNED',
      anEligibilityInput({ customer, partner: aPartner({ agents: [anAgent({ groups: [] })] }) }),
    ).fix;
    expect(fix).toBe(`Add ada@contoso-partners.example to one of these security groups: ${IDS.otherGroup}, ${IDS.supportGroup}.`);
  });

  it('when the publisher has a contact on file, then the fix gives every way to reach it', () => {
    const fix = reason(
      'MARKETPLACE_PRODUCT',
      anEligibilityInput({
        customer: aCustomer({ subscriptions: [aMarketplaceSubscription()] }),
        request: aServiceRequest({ productId: IDS.marketplaceProduct }),
      }),
    ).fix;
    expect(fix).toBe('Contact Acme Software support: https://support.acme.example, help@acme.example, +1 555 0199.');
  });

  it('when the publisher has no contact on file, then the fix says where to find one', () => {
    const input = anEligibilityInput({
      customer: aCustomer({ subscriptions: [aMarketplaceSubscription({ marketplace: { publisher: 'Acme Software' } })] }),
      request: aServiceRequest({ productId: IDS.marketplaceProduct }),
    });
    expect(reason('ISV_CONTACT_UNKNOWN', input).fix).toMatch(/product's page in the commercial marketplace, contact Acme Software/);
  });

  it.each([
    ['only a support link', { supportUrl: 'https://support.acme.example' }],
    ['only an e-mail', { supportEmail: 'help@acme.example' }],
    ['only a phone', { supportPhone: '+1 555 0199' }],
  ])('when of two matching entries one has %s, then that contact is given whatever the order', (_label, contact) => {
    // The silent entry would come first in any fixed order of its own (its id sorts first).
    const silent = aMarketplaceSubscription({ id: '00000000-0000-4000-8000-000000000001', marketplace: { publisher: 'Acme Software' } });
    const reachable = aMarketplaceSubscription({ marketplace: { publisher: 'Acme Software', ...contact } });
    for (const subscriptions of [
      [silent, reachable],
      [reachable, silent],
    ]) {
      const result = checkEligibility(
        anEligibilityInput({ customer: aCustomer({ subscriptions }), request: aServiceRequest({ productId: IDS.marketplaceProduct }) }),
      );
      expect(result.isv).toEqual({ publisher: 'Acme Software', ...contact });
    }
  });

  it.each([
    [
      'was bought directly from Microsoft',
      anAzureCspSubscription({ channel: 'direct', providerTenantId: undefined }),
      /bought directly from Microsoft, not through CSP: the customer opens the request/,
    ],
    [
      "is another provider's",
      anAzureCspSubscription({ providerTenantId: IDS.providerTenant }),
      new RegExp(`^Ask the subscription's provider \\(tenant ${IDS.providerTenant}\\) to file it\\.$`),
    ],
    [
      'names no provider',
      anAzureCspSubscription({ providerTenantId: undefined }),
      /^Ask the partner that sold this subscription to file it\.$/,
    ],
  ])('when the Azure subscription %s, then the fix says who files it', (_label, subscription, fix) => {
    expect(
      reason(
        'NOT_SUBSCRIPTION_PROVIDER',
        anEligibilityInput({ customer: aCustomer({ subscriptions: [subscription] }), request: anAzureRequest() }),
      ).fix,
    ).toMatch(fix);
  });

  it('when a reseller asks about Azure and no provider is on file anywhere, then the fix says so and no provider is returned', () => {
    const input = anEligibilityInput({
      partner: anIndirectReseller({ indirectProviderTenantId: undefined }),
      customer: aCustomer({
        subscriptions: [anAzureCspSubscription({ providerTenantId: undefined, resellerTenantId: IDS.resellerTenant })],
      }),
      request: anAzureRequest(),
    });
    const result = checkEligibility(input);
    expect(result).toMatchObject({ channel: 'indirect-provider' });
    expect(result.providerTenantId).toBeUndefined();
    expect(result.reasons[0]?.fix).toMatch(/indirect provider that sold this subscription, who files it \(no provider is on file\)/);
  });
});

describe('withNestedGroups', () => {
  const [A, B, C] = [
    'aaaaaaaa-0000-4000-8000-00000000000a',
    'bbbbbbbb-0000-4000-8000-00000000000b',
    'cccccccc-0000-4000-8000-00000000000c',
  ];

  it('when groups nest in a cycle, then the agent holds every group it reaches, each once, in lower case', () => {
    const agent = withNestedGroups(anAgent({ groups: [A.toUpperCase()] }), [
      { groupId: A, memberOf: [B] },
      { groupId: B, memberOf: [A, C] },
    ]);
    expect([...agent.groups].sort()).toEqual([A, B, C]);
  });
});
