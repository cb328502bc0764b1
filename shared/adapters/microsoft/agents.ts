import { z } from 'zod';
import type { Agent } from '../../domain/directory.js';
import { mapLimit } from '../../concurrency.js';
import { MicrosoftApiError, type MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';

/**
 * Agents = users in the partner's AdminAgents group and in the GDAP security groups, read from Graph
 * in the partner tenant: GET /groups/{id}/transitiveMembers — "a flat list of all nested members"
 * (users, devices, contacts and the nested groups themselves), paged with `@odata.nextLink`:
 * https://learn.microsoft.com/graph/api/group-list-transitivemembers.
 * Transitive, because a user in a group nested inside an assigned group (or inside AdminAgents) holds
 * what that group holds; the agent lists the assigned group itself.
 * Configured agents are kept and merged by objectId, for users Graph cannot show.
 */
const member = z.looseObject({
  '@odata.type': z.string().nullish(),
  id: z.string(),
  userPrincipalName: z.string().nullish(),
});

export interface AgentLookup {
  adminAgentsGroupId?: string | undefined;
  groupIds: readonly string[];
  configured: readonly Agent[];
}

export async function fetchAgents(http: MicrosoftHttp, graphBase: string, scope: string, lookup: AgentLookup): Promise<Agent[]> {
  const agents = new Map<string, Agent>(lookup.configured.map((a) => [a.objectId.toLowerCase(), { ...a, groups: [...a.groups] }]));
  const groups = [...new Set([...(lookup.adminAgentsGroupId ? [lookup.adminAgentsGroupId] : []), ...lookup.groupIds])];
  const memberships = await mapLimit(groups, 4, async (groupId) => ({ groupId, users: await usersIn(http, graphBase, scope, groupId) }));
  for (const { groupId, users } of memberships) {
    for (const user of users) {
      const key = user.id.toLowerCase();
      const known = agents.get(key);
      // Without User.Read.All Graph returns users with id and type only; a configured agent supplies the name.
      if (!known && !user.upn) continue;
      const agent = known ?? { userPrincipalName: user.upn as string, objectId: user.id, adminAgent: false, groups: [] };
      if (!agent.groups.includes(groupId)) agent.groups.push(groupId);
      if (groupId === lookup.adminAgentsGroupId) agent.adminAgent = true;
      agents.set(key, agent);
    }
  }
  return [...agents.values()];
}

async function usersIn(http: MicrosoftHttp, graphBase: string, scope: string, groupId: string) {
  const url = `${graphBase}/v1.0/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=id,userPrincipalName`;
  try {
    const members = await getAllItems(http, url, { scope }, 'graph', member);
    // Nested groups come back as members too; only users are agents.
    return members
      .filter((m) => (m['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user')
      .map((m) => ({ id: m.id, upn: m.userPrincipalName || undefined }));
  } catch (error) {
    // A group deleted after its access assignment was made has no members to find.
    if (error instanceof MicrosoftApiError && error.status === 404) return [];
    throw error;
  }
}
