import type { Deps } from '../pipeline/deps.js';

export interface PartnerSummary {
  tenantId: string;
  name: string;
}

/**
 * The partners the admin can look at: every partner with a registered tool (only they can have tickets or
 * deliveries), named from the directory when it knows them.
 */
export async function knownPartners(deps: Pick<Deps, 'tools' | 'directorySnapshot'>): Promise<PartnerSummary[]> {
  const [tools, directory] = await Promise.all([deps.tools.list(), deps.directorySnapshot()]);
  const names = new Map(directory.partners.map((p) => [p.tenantId.toLowerCase(), p.name]));
  const ids = [...new Set(tools.map((t) => t.partnerTenantId))];
  return ids
    .map((tenantId) => ({ tenantId, name: names.get(tenantId.toLowerCase()) ?? tenantId }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The partners a scoped request covers: the one named, or every known partner. */
export async function partnersIn(deps: Pick<Deps, 'tools' | 'directorySnapshot'>, partnerTenantId: string | null): Promise<string[]> {
  return partnerTenantId ? [partnerTenantId] : (await knownPartners(deps)).map((p) => p.tenantId);
}
