/**
 * Azure built-in roles that include `Microsoft.Support/supportTickets/write` (docs/rules.md rule 8;
 * research/domain-facts.md §2). Owner and Contributor grant `*`; Support Request Contributor grants
 * `Microsoft.Support/*` and nothing else that matters, so it is the one to ask a customer for.
 */
export interface AzureSupportRole {
  roleDefinitionId: string;
  name: string;
}

export const AZURE_SUPPORT_ROLES: readonly AzureSupportRole[] = [
  { roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', name: 'Owner' },
  { roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c', name: 'Contributor' },
  { roleDefinitionId: 'cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e', name: 'Support Request Contributor' },
];

export const LEAST_PRIVILEGED_AZURE_SUPPORT_ROLE: AzureSupportRole = AZURE_SUPPORT_ROLES[2] as AzureSupportRole;

// A role definition id is either a bare GUID or the ARM path that ends in one, optionally scoped
// to a subscription or management group (`az role assignment list` prints the scoped form).
const ROLE_DEFINITION_ID =
  /^(?:(?:\/subscriptions\/[^/]+|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The support-capable role a directory entry names (exact name, any case) or points at (by id); else undefined. */
export function findAzureSupportRole(role: string): AzureSupportRole | undefined {
  const id = ROLE_DEFINITION_ID.exec(role)?.[1]?.toLowerCase();
  if (id !== undefined) return AZURE_SUPPORT_ROLES.find((r) => r.roleDefinitionId === id);
  const name = role.toLowerCase();
  return AZURE_SUPPORT_ROLES.find((r) => r.name.toLowerCase() === name);
}
