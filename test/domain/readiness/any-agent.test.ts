import { describe, expect, it } from 'vitest';
import type { EligibilityResult } from '../../../shared/domain/eligibility/types.js';
import { block, warn, type ReasonCode } from '../../../shared/domain/reasons.js';
import { fingerprintOf, watchedCustomers } from '../../../shared/domain/readiness/access-findings.js';
import { bestForAnyAgent } from '../../../shared/domain/readiness/any-agent.js';
import type { ServiceRequest } from '../../../shared/domain/submission.js';
import { aCustomer, aPartner, PARTNER_TENANT } from '../routing/builders.js';

// Readiness without a named agent (README "Know before you file"): can anyone of the partner's agents file? One who
// can makes it ready; if none can, the answer is the one that got furthest through the rules (docs/rules.md order).
const agent = (objectId: string) => ({ userPrincipalName: `${objectId}@fabrikam.example`, objectId, adminAgent: true, groups: [] });
const ineligible = (code: ReasonCode, fix?: string): EligibilityResult => ({
  decision: 'ineligible',
  reasons: [block(code, code, fix), warn('GDAP_EXPIRING', 'soon')],
  channel: 'azure-support',
  customerCanSelfFile: null,
});
const eligibleFor = (objectId: string): EligibilityResult => ({
  decision: 'eligible',
  reasons: [],
  channel: 'm365-admin-center',
  customerCanSelfFile: null,
  agent: { userPrincipalName: objectId, objectId },
});

/** Each agent's own verdict; records who was asked. */
const rules = (verdicts: Record<string, EligibilityResult>) => {
  const asked: ServiceRequest['agent'][] = [];
  const run = (a: ServiceRequest['agent']) => {
    asked.push(a);
    return verdicts[a.objectId ?? ''] ?? ineligible('AGENT_NOT_FOUND');
  };
  return { run, asked };
};

describe('readiness for any agent', () => {
  it('when one agent can file, then the partner is ready, the answer names nobody, and later agents are not asked', () => {
    const { run, asked } = rules({ b: eligibleFor('b'), c: eligibleFor('c'), a: ineligible('GDAP_ROLE_MISSING') });
    const result = bestForAnyAgent(aPartner({ agents: [agent('c'), agent('a'), agent('b')] }), run);
    expect(result.decision).toBe('eligible');
    expect(result).not.toHaveProperty('agent');
    expect(asked.map((a) => a.objectId)).toEqual(['a', 'b']);
  });

  it('when nobody can file, then the answer is the agent who got furthest through the rules', () => {
    const { run } = rules({
      a: ineligible('GDAP_USER_NOT_ASSIGNED'),
      b: ineligible('ADMIN_AGENT_ROLE_MISSING'),
      c: ineligible('NO_ACTIVE_GDAP'),
    });
    expect(bestForAnyAgent(aPartner({ agents: [agent('b'), agent('c'), agent('a')] }), run).reasons[0]?.code).toBe(
      'GDAP_USER_NOT_ASSIGNED',
    );
    const second = rules({ a: ineligible('NO_ACTIVE_GDAP'), b: ineligible('AGENT_NOT_FOUND'), c: ineligible('GDAP_PENDING_APPROVAL') });
    expect(bestForAnyAgent(aPartner({ agents: [agent('a'), agent('b'), agent('c')] }), second.run).reasons[0]?.code).toBe(
      'AGENT_NOT_FOUND',
    );
  });

  it('when the best answer is that no agent is assigned, then it speaks of the agents, not of one person, and keeps the warnings', () => {
    const { run } = rules({ a: ineligible('GDAP_USER_NOT_ASSIGNED', 'Add a@fabrikam.example to one of these security groups: g1.') });
    const result = bestForAnyAgent(aPartner({ agents: [agent('a')] }), run);
    expect(result.reasons[0]?.message).toMatch(/^None of your agents/);
    expect(result.reasons[0]?.fix).toBe('Add the agents who file to one of these security groups: g1.');
    expect(result.reasons.slice(1).map((r) => r.code)).toEqual(['GDAP_EXPIRING']);
  });

  it('when the partner has no agent on file and the rules get as far as the agent, then the answer says to add agents', () => {
    const { run, asked } = rules({});
    const result = bestForAnyAgent(aPartner({ agents: [] }), run);
    expect(asked).toEqual([{ userPrincipalName: '(no agent on file)' }]);
    expect(result.reasons[0]).toMatchObject({ code: 'AGENT_NOT_FOUND', message: expect.stringMatching(/^None of your users/) });
    expect(result.reasons[0]?.fix).toMatch(/Add your agents/);
    expect(result.reasons.slice(1).map((r) => r.code)).toEqual(['GDAP_EXPIRING']);
  });

  it('when the partner has no agent on file and an earlier rule already blocks, then that rule is the answer', () => {
    const earlier = ineligible('NO_ACTIVE_GDAP');
    expect(bestForAnyAgent(aPartner({ agents: [] }), () => earlier)).toBe(earlier);
  });
});

describe('access watch', () => {
  it('when findings are compared, then only codes and subscriptions count: order, letter case, repeats and texts do not', () => {
    const a = fingerprintOf([
      { code: 'GDAP_EXPIRING', message: 'in 12 days' },
      { code: 'AZURE_RBAC_MISSING', subscriptionId: 'ABC-1', message: 'm' },
    ]);
    const b = fingerprintOf([
      { code: 'AZURE_RBAC_MISSING', subscriptionId: 'abc-1', message: 'other' },
      { code: 'GDAP_EXPIRING', message: 'in 11 days' },
      { code: 'GDAP_EXPIRING', message: 'in 11 days' },
    ]);
    expect(a).toBe(b);
    expect(a).toBe('AZURE_RBAC_MISSING:abc-1,GDAP_EXPIRING');
    expect(fingerprintOf([])).toBe('');
  });

  it("when customers are watched, then the related ones are and the partner's own tenant is not", () => {
    const partner = aPartner();
    const related = aCustomer({
      relationships: [
        { partnerTenantId: PARTNER_TENANT, id: 'r', status: 'expired', endDateTime: '2025-01-01T00:00:00Z', accessAssignments: [] },
      ],
    });
    const unrelated = aCustomer({ tenantId: 'dddddddd-0000-4000-8000-000000000001' });
    const own = aCustomer({ tenantId: PARTNER_TENANT.toUpperCase(), relationships: related.relationships });
    expect(watchedCustomers(partner, [related, unrelated, own])).toEqual([related]);
  });
});
