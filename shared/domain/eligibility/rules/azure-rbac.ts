import { findAzureSupportRole, LEAST_PRIVILEGED_AZURE_SUPPORT_ROLE } from '../../azure-roles.js';
import type { Agent, Partner, Subscription } from '../../directory.js';
import { block, type Reason } from '../../reasons.js';
import { sameId } from '../same-id.js';

/**
 * Rule 8: opening an Azure ticket needs `Microsoft.Support/supportTickets/write` on the
 * subscription, held by the partner's Admin Agents (admin-on-behalf-of) or a group the agent is in.
 * Customers can remove the AOBO Owner grant, so only the assignments on file count.
 */
export function checkAzureRbac(partner: Partner, agent: Agent, subscription: Subscription): Reason | undefined {
  const held = (subscription.azureRoleAssignments ?? []).some(
    (a) =>
      sameId(a.partnerTenantId, partner.tenantId) &&
      (a.principal === 'adminAgents' ? agent.adminAgent : agent.groups.some((g) => sameId(g, a.principal))) &&
      findAzureSupportRole(a.role) !== undefined,
  );
  if (held) return undefined;
  const role = `${LEAST_PRIVILEGED_AZURE_SUPPORT_ROLE.name} (${LEAST_PRIVILEGED_AZURE_SUPPORT_ROLE.roleDefinitionId})`;
  return block(
    'AZURE_RBAC_MISSING',
    `No Azure role that can open support requests on subscription ${subscription.id} ("${subscription.offerName}") is held by your Admin Agents or by a group ${agent.userPrincipalName} belongs to; the customer may have removed the admin-on-behalf-of Owner grant.`,
    `Ask the customer to assign ${role}, or Owner or Contributor, on subscription ${subscription.id} to your Admin Agents group or to a security group ${agent.userPrincipalName} belongs to.`,
  );
}
