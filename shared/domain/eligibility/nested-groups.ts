import type { Agent, GroupMembership } from '../directory.js';

/**
 * Group membership counts transitively (docs/rules.md, rule 6): an agent in a group that is itself a member
 * of an assigned group (or of Admin Agents) holds what that group holds, as Graph's
 * `transitiveMemberOf` reports it. Returns the agent with every group it reaches, cycles included once.
 */
export function withNestedGroups<A extends Agent | undefined>(agent: A, memberships: readonly GroupMembership[] | undefined): A {
  if (!agent || !memberships?.length) return agent;
  const parents = new Map<string, string[]>();
  for (const m of memberships) {
    const key = m.groupId.toLowerCase();
    parents.set(key, [...(parents.get(key) ?? []), ...m.memberOf.map((g) => g.toLowerCase())]);
  }
  const reached = new Set(agent.groups.map((g) => g.toLowerCase()));
  const queue = [...reached];
  for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
    for (const parent of parents.get(group) ?? []) {
      if (reached.has(parent)) continue;
      reached.add(parent);
      queue.push(parent);
    }
  }
  return { ...agent, groups: [...reached] };
}
