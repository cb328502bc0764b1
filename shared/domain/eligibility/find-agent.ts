import type { Agent } from '../directory.js';
import type { ServiceRequest } from '../submission.js';
import { canonical, pickFirst, sameId } from './same-id.js';

/**
 * Rule 7's lookup: the object id wins (it survives renames); the sign-in name is the fallback, in any
 * letter case. Duplicate entries are bad data, but the pick must still not depend on their order.
 */
export function findAgent(agents: readonly Agent[], ref: ServiceRequest['agent']): Agent | undefined {
  const byObjectId = agents.filter((a) => sameId(a.objectId, ref.objectId));
  if (byObjectId.length > 0) return pickFirst(byObjectId, canonical);
  const upn = ref.userPrincipalName?.toLowerCase();
  if (upn === undefined) return undefined;
  return pickFirst(
    agents.filter((a) => a.userPrincipalName.toLowerCase() === upn),
    canonical,
  );
}

/** How to name the agent a tool asked about, in a message. */
export function describeAgentRef(ref: ServiceRequest['agent']): string {
  return [ref.userPrincipalName, ref.objectId && `object id ${ref.objectId}`].filter(Boolean).join(', ');
}
