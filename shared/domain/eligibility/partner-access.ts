import type { Agent, Customer, Partner, Subscription } from '../directory.js';
import type { Reason } from '../reasons.js';
import type { ServiceRequest } from '../submission.js';
import { eligible, ineligible } from './result.js';
import { checkAzureRbac } from './rules/azure-rbac.js';
import { activeRelationships, gdapExpiring, noActiveGdap } from './rules/gdap-relationship.js';
import { activeGrants, gdapRoleMissing, globalAdminWarning, qualifyingGrants, type Grant } from './rules/gdap-role.js';
import { checkUserAssignment } from './rules/user-assignment.js';
import { HAND_OFF_CHANNEL } from '../routing/m365-packet.js';
import { customerCanSelfFile } from './self-file.js';
import type { EligibilityResult } from './types.js';

export interface AccessContext {
  partner: Partner;
  customer: Customer;
  agent: Agent | undefined;
  request: ServiceRequest;
  now: Date;
  /** The Azure subscription rule 4 accepted; undefined for the other workloads. */
  azureSubscription: Subscription | undefined;
}

const relationshipsOf = (grants: readonly Grant[]) => [...new Set(grants.map((g) => g.relationship))];

/**
 * Rules 5–8: may this agent file with Microsoft for this customer right now? Each step narrows the
 * relationships the access rests on, and the expiry warning speaks of the narrowest set reached.
 */
export function checkPartnerAccess(ctx: AccessContext): EligibilityResult {
  const { partner, customer, agent, request, now } = ctx;
  const refuse = (reason: Reason, warnings: Reason[]) =>
    ineligible(reason, { agent, warnings, customerCanSelfFile: customerCanSelfFile(customer, request.workload) });

  const relationships = activeRelationships(customer, partner, now);
  if (relationships.length === 0) return refuse(noActiveGdap(customer, partner, now), []);

  const grants = activeGrants(relationships);
  const qualifying = qualifyingGrants(grants, request.workload);
  if (qualifying.length === 0) return refuse(gdapRoleMissing(customer, request.workload), gdapExpiring(relationships, now));
  const globalAdmin = globalAdminWarning(grants);

  const assignment = checkUserAssignment(agent, request.agent, qualifying, customer);
  if (assignment.kind === 'refused') {
    return refuse(assignment.reason, [...gdapExpiring(relationshipsOf(qualifying), now), ...globalAdmin]);
  }
  const warnings = [...gdapExpiring(relationshipsOf(assignment.grants), now), ...globalAdmin];

  if (ctx.azureSubscription) {
    const rbac = checkAzureRbac(partner, assignment.agent, ctx.azureSubscription);
    if (rbac) return refuse(rbac, warnings);
  }
  return eligible(request.workload === 'azure' ? 'azure-support' : HAND_OFF_CHANNEL[request.workload], warnings, agent);
}
