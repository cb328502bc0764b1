import type { AccessAssignment, Customer } from '../../directory.js';
import { filesSupportTickets, isOverPrivileged, LEAST_PRIVILEGED_SUPPORT_ROLE } from '../../gdap-roles.js';
import { block, warn, type Reason } from '../../reasons.js';
import type { Workload } from '../../submission.js';
import { uniqueSorted } from '../same-id.js';
import { workloadLabel } from '../workload-label.js';
import type { DatedRelationship } from './gdap-relationship.js';

/** One active access assignment inside one active relationship: a group and the roles its members hold. */
export interface Grant {
  relationship: DatedRelationship;
  assignment: AccessAssignment;
}

export function activeGrants(relationships: readonly DatedRelationship[]): Grant[] {
  return relationships.flatMap((relationship) =>
    relationship.accessAssignments.filter((a) => a.status === 'active').map((assignment) => ({ relationship, assignment })),
  );
}

/**
 * Rule 6. Microsoft 365, EMS and Dynamics tickets are filed through Entra, so the role itself must
 * carry the support permission. For Azure any GDAP role will do: the Azure role checked by rule 8
 * carries the weight.
 */
export function qualifyingGrants(grants: readonly Grant[], workload: Workload): Grant[] {
  if (workload === 'azure') return grants.filter((g) => g.assignment.roles.length > 0);
  return grants.filter((g) => g.assignment.roles.some(filesSupportTickets));
}

export function gdapRoleMissing(customer: Customer, workload: Workload): Reason {
  const role = `${LEAST_PRIVILEGED_SUPPORT_ROLE.name} (role template id ${LEAST_PRIVILEGED_SUPPORT_ROLE.templateId})`;
  if (workload === 'azure') {
    return block(
      'GDAP_ROLE_MISSING',
      `Your active GDAP relationship with ${customer.name} has no active access assignment, so no agent holds any role in the customer tenant.`,
      `Add an access assignment for one of your security groups, e.g. with ${role}, and wait until it is active.`,
    );
  }
  return block(
    'GDAP_ROLE_MISSING',
    `No active access assignment in your GDAP relationship with ${customer.name} grants a role that can open ${workloadLabel(workload)} service requests.`,
    `Add ${role} to an access assignment for one of your security groups; it is the least-privileged role that can file support requests.`,
  );
}

/** Rule 6's warning: Global Administrator is far more than filing needs and blocks auto-extend. */
export function globalAdminWarning(grants: readonly Grant[]): Reason[] {
  const withGlobalAdmin = uniqueSorted(grants.filter((g) => g.assignment.roles.some(isOverPrivileged)).map((g) => g.relationship.id));
  if (withGlobalAdmin.length === 0) return [];
  return [
    warn(
      'GDAP_GLOBAL_ADMIN',
      `GDAP relationship ${withGlobalAdmin.join(', ')} grants Global Administrator: far more than filing support requests needs, and such relationships are not auto-extended.`,
      `Replace it with ${LEAST_PRIVILEGED_SUPPORT_ROLE.name} (${LEAST_PRIVILEGED_SUPPORT_ROLE.templateId}) plus the workload roles you really use.`,
    ),
  ];
}
