import { z } from 'zod';
import {
  ASSIGNMENT_STATUSES,
  RELATIONSHIP_STATUSES,
  type AccessAssignment,
  type Relationship,
} from '../../domain/directory.js';
import { mapLimit } from '../../concurrency.js';
import type { MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';

/**
 * GDAP from Microsoft Graph, in the partner tenant.
 * Relationships: GET /tenantRelationships/delegatedAdminRelationships
 *   https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships
 *   (`endDateTime` and `activatedDateTime` are null until the customer approves).
 * Assignments: GET /tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments
 *   https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-accessassignments
 */
const graphRelationship = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  endDateTime: z.string().nullish(),
  autoExtendDuration: z.string().nullish(),
  customer: z.looseObject({ tenantId: z.string(), displayName: z.string().nullish() }),
});

const graphAssignment = z.looseObject({
  status: z.string(),
  accessContainer: z.looseObject({ accessContainerId: z.string() }),
  accessDetails: z.looseObject({ unifiedRoles: z.array(z.looseObject({ roleDefinitionId: z.string() })) }),
});

export interface CustomerRelationship {
  customerTenantId: string;
  customerName: string;
  relationship: Relationship;
}

/** Expired and terminated relationships grant nothing; Graph removes their assignments, so don't ask. */
const ENDED = new Set<string>(['expired', 'terminated']);

export async function fetchGdapRelationships(
  http: MicrosoftHttp,
  graphBase: string,
  scope: string,
  partnerTenantId: string,
): Promise<CustomerRelationship[]> {
  const base = `${graphBase}/v1.0/tenantRelationships/delegatedAdminRelationships`;
  const relationships = await getAllItems(http, base, { scope }, 'graph', graphRelationship);
  // Not yet approved: no end date, nothing granted, and the model needs an end date. Dropped.
  const dated = relationships.filter((r) => r.endDateTime);
  return mapLimit(dated, 4, async (r) => {
    const assignments = ENDED.has(r.status)
      ? []
      : await getAllItems(http, `${base}/${encodeURIComponent(r.id)}/accessAssignments`, { scope }, 'graph', graphAssignment);
    const relationship: Relationship = {
      partnerTenantId,
      id: r.id,
      status: oneOf(RELATIONSHIP_STATUSES, r.status, 'unknownFutureValue'),
      endDateTime: r.endDateTime as string,
      accessAssignments: assignments.map(toAccessAssignment),
    };
    // P180D means "rolled forward by six months"; PT0S / P0D mean it expires at endDateTime.
    if (r.autoExtendDuration) relationship.autoExtend = r.autoExtendDuration === 'P180D';
    return { customerTenantId: r.customer.tenantId, customerName: r.customer.displayName || r.customer.tenantId, relationship };
  });
}

function toAccessAssignment(a: z.infer<typeof graphAssignment>): AccessAssignment {
  return {
    securityGroupId: a.accessContainer.accessContainerId,
    roles: a.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId),
    // An unknown status is not "active": the role is then not relied on.
    status: oneOf(ASSIGNMENT_STATUSES, a.status, 'error'),
  };
}

/** Graph documents camelCase enum values; compare case-insensitively all the same (domain-facts §4). */
export function oneOf<T extends string>(allowed: readonly T[], value: string, otherwise: T): T {
  return allowed.find((a) => a.toLowerCase() === value.toLowerCase()) ?? otherwise;
}
