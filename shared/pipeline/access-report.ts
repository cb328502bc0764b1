import { accessFindings, watchedCustomers, type AccessFinding } from '../domain/readiness/access-findings.js';
import type { Deps } from './deps.js';

export interface AccessRow {
  customerTenantId: string;
  customerName: string;
  findings: AccessFinding[];
}

/** Every related customer of one partner with its current findings (empty = ready), at-risk customers first. */
export async function accessReport(deps: Deps, partnerTenantId: string): Promise<AccessRow[] | null> {
  const directory = await deps.directorySnapshot();
  const partner = directory.partners.find((p) => p.tenantId.toLowerCase() === partnerTenantId.toLowerCase());
  if (!partner) return null;
  const now = deps.clock.now();
  const rows = watchedCustomers(partner, directory.customers).map((c) => ({
    customerTenantId: c.tenantId,
    customerName: c.name,
    findings: accessFindings(partner, c, now),
  }));
  return rows.sort((a, b) => Number(b.findings.length > 0) - Number(a.findings.length > 0) || a.customerName.localeCompare(b.customerName));
}

const describe = (f: AccessFinding) => (f.subscriptionId ? `${f.code} (subscription ${f.subscriptionId})` : f.code);

export function formatAccessReport(rows: AccessRow[], format: 'md' | 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (format === 'csv') {
    const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = rows.flatMap((r) =>
      r.findings.length === 0
        ? [[r.customerTenantId, r.customerName, 'ready', '', ''].map(cell).join(',')]
        : r.findings.map((f) => [r.customerTenantId, r.customerName, f.code, f.subscriptionId ?? '', f.fix ?? ''].map(cell).join(',')),
    );
    return ['customerTenantId,customerName,finding,subscriptionId,fix', ...lines].join('\n');
  }
  const pipe = (v: string) => v.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = rows.map(
    (r) =>
      `| ${pipe(r.customerName)} | ${r.customerTenantId} | ${r.findings.length ? r.findings.map(describe).join('<br>') : 'ready'} | ${pipe(
        r.findings
          .map((f) => f.fix ?? '')
          .filter(Boolean)
          .join(' / '),
      )} |`,
  );
  return ['| Customer | Tenant | Findings | Fix |', '|---|---|---|---|', ...lines].join('\n');
}
