import { accessReport, type AccessRow } from '../pipeline/access-report.js';
import type { Deps } from '../pipeline/deps.js';
import { knownPartners } from './partners.js';

export interface PartnerAccess {
  partnerTenantId: string;
  partnerName: string;
  customers: AccessRow[];
}

/** The access report (`relay access report`) per partner: the one named, or every known partner for the admin. */
export async function consoleAccess(deps: Deps, partnerTenantId: string | null): Promise<PartnerAccess[]> {
  const partners = (await knownPartners(deps)).filter((p) => partnerTenantId === null || p.tenantId === partnerTenantId);
  const reports = await Promise.all(
    partners.map(async (p) => ({
      partnerTenantId: p.tenantId,
      partnerName: p.name,
      customers: (await accessReport(deps, p.tenantId)) ?? [],
    })),
  );
  return reports;
}
