import { z } from 'zod';
import { ASSIGNMENT_STATUSES, RELATIONSHIP_STATUSES, type AccessAssignment, type Relationship } from '../../domain/directory.js';
import { mapLimit } from '../../concurrency.js';
import { MicrosoftApiError, type MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';

/**
 * GDAP from Microsoft Graph, in the partner tenant.
 * Relationships: GET /tenantRelationships/delegatedAdminRelationships
 *   https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships
 *   (`endDateTime` and `activatedDateTime` are null until the customer approves; every status is kept).
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
/**
 * Not active yet. Graph's GDAP overview has assignments created once the customer has approved and the
 * relationship is active, but does not say what listing them earlier answers: asked all the same, and a
 * 404 then means "none yet" (https://learn.microsoft.com/graph/api/resources/delegatedadminrelationships-api-overview).
 */
const NOT_ACTIVE_YET = new Set<string>(['created', 'approvalpending', 'approved', 'activating']);

export async function fetchGdapRelationships(
  http: MicrosoftHttp,
  graphBase: string,
  scope: string,
  partnerTenantId: string,
): Promise<CustomerRelationship[]> {
  const base = `${graphBase}/v1.0/tenantRelationships/delegatedAdminRelationships`;
  const relationships = await getAllItems(http, base, { scope }, 'graph', graphRelationship);
  // Every status is kept: a pending or ended relationship explains a refusal better than a missing one.
  return mapLimit(relationships, 4, async (r) => {
    const status = oneOf(RELATIONSHIP_STATUSES, r.status, 'unknownFutureValue');
    const assignments = ENDED.has(status)
      ? []
      : await accessAssignments(http, `${base}/${encodeURIComponent(r.id)}/accessAssignments`, scope, status);
    const relationship: Relationship = { partnerTenantId, id: r.id, status, accessAssignments: assignments.map(toAccessAssignment) };
    // Null until the customer approves: the model then carries no end date rather than a made-up one.
    if (r.endDateTime) relationship.endDateTime = r.endDateTime;
    // P180D means "rolled forward by six months"; PT0S / P0D mean it expires at endDateTime.
    if (r.autoExtendDuration) relationship.autoExtend = r.autoExtendDuration === 'P180D';
    return { customerTenantId: r.customer.tenantId, customerName: r.customer.displayName || r.customer.tenantId, relationship };
  });
}

async function accessAssignments(http: MicrosoftHttp, url: string, scope: string, status: string) {
  try {
    return await getAllItems(http, url, { scope }, 'graph', graphAssignment);
  } catch (error) {
    if (error instanceof MicrosoftApiError && error.status === 404 && NOT_ACTIVE_YET.has(status.toLowerCase())) return [];
    throw error;
  }
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
