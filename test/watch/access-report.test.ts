import { describe, expect, it } from 'vitest';
import { formatAccessReport, type AccessRow } from '../../shared/pipeline/access-report.js';

const rows: AccessRow[] = [
  {
    customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000002',
    customerName: 'Litware, Inc.',
    findings: [{ code: 'NO_ACTIVE_GDAP', message: 'ended', fix: 'Request a new GDAP relationship, "quickly"' }],
  },
  {
    customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000007',
    customerName: 'Northwind | Traders',
    findings: [
      {
        code: 'AZURE_RBAC_MISSING',
        subscriptionId: 'bbbbbbbb-0000-4000-8000-000000000007',
        message: 'no grant',
        fix: 'Assign Support Request Contributor',
      },
    ],
  },
  { customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001', customerName: 'Adatum Corporation', findings: [] },
];

describe('relay access report formats', () => {
  it('when printed as CSV, then one line per finding (ready customers once), with commas and quotes escaped', () => {
    expect(formatAccessReport(rows, 'csv').split('\n')).toEqual([
      'customerTenantId,customerName,finding,subscriptionId,fix',
      'aaaaaaaa-0000-4000-8000-000000000002,"Litware, Inc.",NO_ACTIVE_GDAP,,"Request a new GDAP relationship, ""quickly"""',
      'aaaaaaaa-0000-4000-8000-000000000007,Northwind | Traders,AZURE_RBAC_MISSING,bbbbbbbb-0000-4000-8000-000000000007,Assign Support Request Contributor',
      'aaaaaaaa-0000-4000-8000-000000000001,Adatum Corporation,ready,,',
    ]);
  });

  it('when printed as Markdown, then a table whose cells cannot break its columns', () => {
    const lines = formatAccessReport(rows, 'md').split('\n');
    expect(lines[0]).toBe('| Customer | Tenant | Findings | Fix |');
    expect(lines[3]).toBe(
      '| Northwind \\| Traders | aaaaaaaa-0000-4000-8000-000000000007 | AZURE_RBAC_MISSING (subscription bbbbbbbb-0000-4000-8000-000000000007) | Assign Support Request Contributor |',
    );
    expect(lines[4]).toContain('| ready |');
  });

  it('when printed as JSON, then it parses back to the rows', () => {
    expect(JSON.parse(formatAccessReport(rows, 'json'))).toEqual(rows);
  });
});
