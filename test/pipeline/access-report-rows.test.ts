import { describe, expect, it } from 'vitest';
import type { Directory } from '../../shared/domain/directory.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { accessReport, formatAccessReport, type AccessRow } from '../../shared/pipeline/access-report.js';
import { pipelineHarness } from './harness.js';

/** `relay access report` and the console's access page: which rows, in which order, and Markdown that keeps its columns. */

// Fabrikam under a tenant id with letters, so a comparison that forgets case cannot pass by accident.
const FABRIKAM = 'fab0f1ca-3333-4333-8333-33333333abcd';
const directory = () => JSON.parse(JSON.stringify(demoDirectory()).replaceAll(DEMO.reseller, FABRIKAM)) as Directory;

describe('access report rows', () => {
  it('when asked for a partner (any case), then its own customers only, at-risk ones first, each group by name', async () => {
    const h = await pipelineHarness({ directory: directory(), partnerTenantId: DEMO.direct });
    const contoso = (await accessReport(h.deps, DEMO.direct))!;
    // Contoso's five: Litware (ended), Fourth Coffee (pending) and Tailspin (expiring) are at risk; Adatum and Proseware are ready.
    expect(contoso.map((r) => [r.customerName, r.findings.map((f) => f.code)])).toEqual([
      ['Fourth Coffee', ['GDAP_PENDING_APPROVAL']],
      ['Litware Inc.', ['NO_ACTIVE_GDAP']],
      ['Tailspin Toys', ['GDAP_EXPIRING']],
      ['Adatum Corporation', []],
      ['Proseware, Inc.', []],
    ]);
    const fabrikam = (await accessReport(h.deps, FABRIKAM.toUpperCase()))!;
    expect(fabrikam.map((r) => r.customerTenantId)).toContain(DEMO.wingtip);
    expect(fabrikam.map((r) => r.customerTenantId)).not.toContain(DEMO.adatum);
    expect(await accessReport(h.deps, 'eeeeeeee-0000-4000-8000-00000000000e')).toBeNull();
  });
});

describe('access report as Markdown', () => {
  it('when a customer has several findings, one without a fix, and a name with a line break, then one row whose cells stay put', () => {
    const rows: AccessRow[] = [
      {
        customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000009',
        customerName: 'Northwind\nTraders',
        findings: [
          { code: 'GDAP_EXPIRING', message: 'ends in 9 days', fix: 'Turn on auto-extend' },
          { code: 'AZURE_RBAC_MISSING', subscriptionId: 'bbbbbbbb-0000-4000-8000-000000000009', message: 'no grant' },
          { code: 'AZURE_RBAC_MISSING', subscriptionId: 'bbbbbbbb-0000-4000-8000-00000000000a', message: 'no grant', fix: 'Assign a role' },
        ],
      },
    ];
    expect(formatAccessReport(rows, 'md')).toBe(
      [
        '| Customer | Tenant | Findings | Fix |',
        '|---|---|---|---|',
        '| Northwind Traders | aaaaaaaa-0000-4000-8000-000000000009 | GDAP_EXPIRING<br>AZURE_RBAC_MISSING (subscription bbbbbbbb-0000-4000-8000-000000000009)<br>AZURE_RBAC_MISSING (subscription bbbbbbbb-0000-4000-8000-00000000000a) | Turn on auto-extend / Assign a role |',
      ].join('\n'),
    );
  });
});
