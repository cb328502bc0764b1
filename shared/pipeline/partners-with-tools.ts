import type { Deps } from './deps.js';

/**
 * Every partner that has a tool, under its tenant id as the tools hold it. A partner's tickets are stored under that id
 * (letter case too), so a scan over partners' tickets must use it as it is.
 */
export async function partnersWithTools(deps: Pick<Deps, 'tools'>): Promise<string[]> {
  return [...new Set((await deps.tools.list()).map((t) => t.partnerTenantId))];
}
