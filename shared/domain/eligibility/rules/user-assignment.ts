import type { Agent, Customer } from '../../directory.js';
import { block, type Reason } from '../../reasons.js';
import type { ServiceRequest } from '../../submission.js';
import { describeAgentRef } from '../find-agent.js';
import { sameId, sortedIds } from '../same-id.js';
import type { Grant } from './gdap-role.js';

export type UserAssignmentCheck = { kind: 'assigned'; agent: Agent; grants: Grant[] } | { kind: 'refused'; reason: Reason };

/**
 * Rule 7: Partner Center lets only Admin agents file, and an agent holds a GDAP role only through
 * a security group of an active access assignment. Returns the grants the agent really holds.
 */
export function checkUserAssignment(
  agent: Agent | undefined,
  ref: ServiceRequest['agent'],
  qualifying: readonly Grant[],
  customer: Customer,
): UserAssignmentCheck {
  if (!agent) {
    return refused(
      block(
        'AGENT_NOT_FOUND',
        `The agent (${describeAgentRef(ref)}) is not one of the partner's users in the directory.`,
        'Send the objectId or userPrincipalName of a listed agent, or add the user to the directory (relay directory import or sync) and resubmit.',
      ),
    );
  }
  if (!agent.adminAgent) {
    return refused(
      block(
        'ADMIN_AGENT_ROLE_MISSING',
        `${agent.userPrincipalName} does not have the Admin agent role in Partner Center, which filing for a customer requires.`,
        `Give ${agent.userPrincipalName} the Admin agent role in Partner Center, then refresh the directory and resubmit.`,
      ),
    );
  }
  const held = qualifying.filter((g) => agent.groups.some((group) => sameId(group, g.assignment.securityGroupId)));
  if (held.length > 0) return { kind: 'assigned', agent, grants: held };
  const groups = sortedIds(qualifying.map((g) => g.assignment.securityGroupId));
  return refused(
    block(
      'GDAP_USER_NOT_ASSIGNED',
      `${agent.userPrincipalName} is in none of the security groups that hold the needed role for ${customer.name} through GDAP.`,
      `Add ${agent.userPrincipalName} to one of these security groups: ${groups.join(', ')}.`,
    ),
  );
}

const refused = (reason: Reason): UserAssignmentCheck => ({ kind: 'refused', reason });
