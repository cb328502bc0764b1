import { z } from 'zod';
import { findAzureSupportRole } from '../../domain/azure-roles.js';
import type { AzureRoleAssignment } from '../../domain/directory.js';
import { scopeFor } from './cloud-endpoints.js';
import { MicrosoftApiError, type MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';

/**
 * Azure RBAC on a customer subscription, read with a token for the customer tenant.
 * GET /subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01
 *   https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-subscription
 *   (example: azure-rest-api-specs …/Microsoft.Authorization/stable/2022-04-01/examples/RoleAssignments_ListForResourceGroup.json).
 * `$filter=atScope()` keeps assignments at the subscription and above (support tickets are filed at
 * subscription scope; resource-group grants do not count).
 */
const armRoleAssignment = z.looseObject({
  properties: z.looseObject({
    roleDefinitionId: z.string(),
    principalId: z.string(),
    principalType: z.string().nullish(),
    scope: z.string().nullish(),
  }),
});

export interface RbacLookup {
  subscriptionId: string;
  customerTenantId: string;
  partnerTenantId: string;
  /** The partner's AdminAgents group: CSP puts it on Azure plan subscriptions as a foreign-principal Owner (AOBO). */
  adminAgentsGroupId?: string | undefined;
  /** Partner security groups known from GDAP access assignments and configured agents. */
  partnerGroupIds: ReadonlySet<string>;
}

/** Without read access (customer removed AOBO, no GDAP group grant) there is nothing to rely on. */
const NO_ACCESS = new Set([401, 403, 404]);

export async function fetchAzureRoleAssignments(http: MicrosoftHttp, armBase: string, lookup: RbacLookup): Promise<AzureRoleAssignment[]> {
  const sub = encodeURIComponent(lookup.subscriptionId);
  const url = `${armBase}/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`;
  let items: z.infer<typeof armRoleAssignment>[];
  try {
    items = await getAllItems(http, url, { scope: scopeFor(armBase), tenantId: lookup.customerTenantId }, 'arm', armRoleAssignment);
  } catch (error) {
    if (error instanceof MicrosoftApiError && error.status !== undefined && NO_ACCESS.has(error.status)) return [];
    throw error;
  }
  const seen = new Set<string>();
  const out: AzureRoleAssignment[] = [];
  for (const { properties: p } of items) {
    if (!atSubscriptionOrAbove(p.scope, lookup.subscriptionId)) continue;
    const principal = partnerPrincipal(p.principalId, lookup);
    if (principal === undefined) continue;
    const role = findAzureSupportRole(p.roleDefinitionId)?.name ?? lastSegment(p.roleDefinitionId);
    const key = `${principal}|${role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ partnerTenantId: lookup.partnerTenantId, principal, role });
  }
  return out;
}

function partnerPrincipal(principalId: string, lookup: RbacLookup): AzureRoleAssignment['principal'] | undefined {
  const id = principalId.toLowerCase();
  if (lookup.adminAgentsGroupId?.toLowerCase() === id) return 'adminAgents';
  for (const group of lookup.partnerGroupIds) if (group.toLowerCase() === id) return group;
  return undefined; // the customer's own users and groups: not the partner's to use
}

function atSubscriptionOrAbove(scope: string | null | undefined, subscriptionId: string): boolean {
  if (!scope || scope === '/') return true;
  const s = scope.toLowerCase();
  return s === `/subscriptions/${subscriptionId.toLowerCase()}` || s.startsWith('/providers/microsoft.management/managementgroups/');
}

const lastSegment = (id: string) => id.split('/').filter(Boolean).pop() ?? id;
