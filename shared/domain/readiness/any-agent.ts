import type { Partner } from '../directory.js';
import type { EligibilityResult } from '../eligibility/types.js';
import { block, type ReasonCode } from '../reasons.js';
import type { ServiceRequest } from '../submission.js';

/**
 * Without a named agent, readiness asks "can anyone of ours file?": an agent who can makes the answer yes; if none
 * can, the answer is the one that got furthest through the rules (its fix is the smallest step to readiness).
 */
const RULE_ORDER: readonly ReasonCode[] = [
  'PARTNER_NOT_FOUND',
  'CUSTOMER_NOT_FOUND',
  'OWN_SUBSCRIPTION_NEEDS_PLAN',
  'CLOUD_MISMATCH',
  'UNSUPPORTED_CLOUD',
  'SUBSCRIPTION_NOT_FOUND',
  'RESELLER_CANNOT_FILE_AZURE',
  'NOT_SUBSCRIPTION_PROVIDER',
  'NO_ACTIVE_GDAP',
  'GDAP_PENDING_APPROVAL',
  'GDAP_ROLE_MISSING',
  'AGENT_NOT_FOUND',
  'ADMIN_AGENT_ROLE_MISSING',
  'GDAP_USER_NOT_ASSIGNED',
  'AZURE_RBAC_MISSING',
];
const progress = (r: EligibilityResult) =>
  r.decision === 'eligible' ? RULE_ORDER.length : RULE_ORDER.indexOf(r.reasons[0]?.code ?? 'PARTNER_NOT_FOUND');

export function bestForAnyAgent(partner: Partner, run: (agent: ServiceRequest['agent']) => EligibilityResult): EligibilityResult {
  if (partner.agents.length === 0) {
    // The rules before rule 7 do not depend on the agent: ask them with a placeholder, then say what is missing.
    const result = run({ userPrincipalName: '(no agent on file)' });
    if (result.reasons[0]?.code !== 'AGENT_NOT_FOUND') return result;
    const reason = block(
      'AGENT_NOT_FOUND',
      'None of your users is in the directory as an agent, so nobody can file for this customer.',
      'Add your agents (with their security groups) to the directory, or sync it from Microsoft, then check again.',
    );
    return { ...result, reasons: [reason, ...result.reasons.slice(1)] };
  }
  const sorted = [...partner.agents].sort((a, b) => (a.objectId < b.objectId ? -1 : 1));
  let best: EligibilityResult | undefined;
  for (const agent of sorted) {
    const result = run({ objectId: agent.objectId });
    if (!best || progress(result) > progress(best)) best = result;
    if (result.decision === 'eligible') break;
  }
  const chosen = best!;
  // The agent picked only stands for "anyone": drop it so the answer does not single out one person.
  const { agent: _agent, ...rest } = chosen;
  if (chosen.reasons[0]?.code !== 'GDAP_USER_NOT_ASSIGNED') return rest;
  const nobody = block(
    'GDAP_USER_NOT_ASSIGNED',
    'None of your agents is in a security group that holds a role that can file for this customer through GDAP.',
    chosen.reasons[0].fix?.replace(/^Add \S+ to one of/, 'Add the agents who file to one of'),
  );
  return { ...rest, reasons: [nobody, ...chosen.reasons.slice(1)] };
}
