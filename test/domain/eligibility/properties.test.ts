import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../../../shared/domain/eligibility/check-eligibility.js';
import type { EligibilityInput } from '../../../shared/domain/eligibility/types.js';
import type { ReasonCode } from '../../../shared/domain/reasons.js';
import { IDS } from '../../support/directory-mother.js';
import { anyEligibilityInput, eligibleCase, type Removal } from './arbitraries.js';

/** Takes away one required grant; the eligible case keeps each of them at index 0 (see eligibleCase). */
const REMOVALS: Record<Removal, { code: ReasonCode; remove: (input: EligibilityInput) => void }> = {
  // The usable relationship goes; one the arbitrary left pending would now answer GDAP_PENDING_APPROVAL, so
  // the others are marked ended to isolate the rule under test.
  relationship: {
    code: 'NO_ACTIVE_GDAP',
    remove: (i) => {
      i.customer?.relationships.shift();
      for (const r of i.customer?.relationships ?? []) if (r.status !== 'active') r.status = 'expired';
    },
  },
  assignment: { code: 'GDAP_ROLE_MISSING', remove: (i) => void i.customer?.relationships[0]?.accessAssignments.shift() },
  'group membership': {
    code: 'GDAP_USER_NOT_ASSIGNED',
    remove: (i) => {
      const agent = i.partner?.agents[0];
      if (agent) agent.groups = agent.groups.filter((g) => g !== IDS.supportGroup);
    },
  },
  adminAgent: { code: 'ADMIN_AGENT_ROLE_MISSING', remove: (i) => void (i.partner?.agents[0] && (i.partner.agents[0].adminAgent = false)) },
  rbac: { code: 'AZURE_RBAC_MISSING', remove: (i) => void i.customer?.subscriptions[0]?.azureRoleAssignments?.shift() },
};

/** Every array anywhere in the value, reordered by a seeded generator (objects copied, Dates kept). */
function deepShuffle<T>(value: T, seed: number): T {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const copy = v.map(walk);
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    }
    if (v instanceof Date || v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(value) as T;
}

describe('eligibility properties', () => {
  it('when any input is checked, then eligible means no block and ineligible means exactly one block, first', () => {
    fc.assert(
      fc.property(anyEligibilityInput, (input) => {
        const result = checkEligibility(input);
        const blocks = result.reasons.filter((r) => r.severity === 'block');
        if (result.decision === 'eligible') {
          expect(blocks).toEqual([]);
          expect(result.channel).not.toBe('none');
          expect(result.customerCanSelfFile).toBeNull();
        } else {
          expect(blocks).toHaveLength(1);
          expect(result.reasons[0]?.severity).toBe('block');
          expect(['none', 'indirect-provider']).toContain(result.channel);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('when the generator runs, then it reaches eligible and ineligible decisions alike', () => {
    const decisions = fc.sample(anyEligibilityInput, { numRuns: 2000, seed: 42 }).map((i) => checkEligibility(i).decision);
    expect(decisions.filter((d) => d === 'eligible').length).toBeGreaterThan(50);
    expect(decisions.filter((d) => d === 'ineligible').length).toBeGreaterThan(50);
  });

  it("when one required grant is removed from an eligible case, then it becomes ineligible with that grant's code", () => {
    const removals = Object.keys(REMOVALS) as Removal[];
    fc.assert(
      fc.property(eligibleCase, fc.constantFrom(...removals), ({ input }, removal) => {
        expect(checkEligibility(input).decision).toBe('eligible');
        fc.pre(removal !== 'rbac' || input.request.workload === 'azure');
        const without = structuredClone(input);
        REMOVALS[removal].remove(without);
        const result = checkEligibility(without);
        expect(result.decision).toBe('ineligible');
        expect(result.reasons[0]?.code).toBe(REMOVALS[removal].code);
      }),
      { numRuns: 1000 },
    );
  });

  it('when the directory arrays are shuffled, then the result is the same', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyEligibilityInput,
          eligibleCase.map((c) => c.input),
        ),
        fc.integer(),
        (input, seed) => {
          expect(checkEligibility(deepShuffle(input, seed))).toEqual(checkEligibility(input));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('when a partner with no tie to the customer asks, then it gets exactly the unknown-tenant answer (rule 1, privacy)', () => {
    // A tenant that appears nowhere in the generated directory: same agents, so only the tie differs.
    const stranger = 'abcdef01-2345-4678-89ab-cdef01234567';
    fc.assert(
      fc.property(
        fc.oneof(
          anyEligibilityInput,
          eligibleCase.map((c) => c.input),
        ),
        (input) => {
          fc.pre(input.partner !== null && input.customer !== null);
          const asStranger = { ...input, partnerTenantId: stranger, partner: { ...input.partner, tenantId: stranger } };
          const answer = checkEligibility(asStranger);
          expect(answer).toEqual(checkEligibility({ ...asStranger, customer: null }));
          expect(answer.reasons.map((r) => r.code)).toEqual(['CUSTOMER_NOT_FOUND']);
          expect(JSON.stringify(answer)).not.toContain(input.customer.name);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
