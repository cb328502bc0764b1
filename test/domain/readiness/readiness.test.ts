import { describe, expect, it } from 'vitest';
import { accessFindings } from '../../../shared/domain/readiness/access-findings.js';
import { checkReadiness } from '../../../shared/domain/readiness/readiness.js';
import { DEMO, demoDirectory } from '../../../shared/local-host/demo-directory.js';

// Readiness for Azure is decided per subscription (README "Know before you file"): the workload can be filed for when
// any subscription can, each subscription is listed with its own reasons, and the access watch reports the ones
// lacking a support-capable RBAC grant. Adatum's demo subscription grants Owner to the partner's Admin Agents; a
// second one, added here, grants nothing.
const NOW = new Date();
const NO_RBAC = 'bbbbbbbb-0000-4000-8000-000000000000';

function adatumWithTwoAzureSubscriptions() {
  const directory = demoDirectory(NOW);
  const partner = directory.partners.find((p) => p.tenantId === DEMO.direct)!;
  const adatum = directory.customers.find((c) => c.tenantId === DEMO.adatum)!;
  const granted = adatum.subscriptions.find((s) => s.id === DEMO.adatumAzureSub)!;
  const bare = { ...granted, id: NO_RBAC, azureRoleAssignments: [] };
  return { partner, customer: { ...adatum, subscriptions: [granted, bare, ...adatum.subscriptions.filter((s) => s !== granted)] } };
}

describe('Azure readiness per subscription', () => {
  it('when one subscription can be filed for and another cannot, then Azure is ready, each is listed by id, and the answer is the one that can', () => {
    const { partner, customer } = adatumWithTwoAzureSubscriptions();
    const [azure] = checkReadiness({ partner, customer, now: NOW, workloads: ['azure'] })!;
    expect(azure?.canFile).toBe(true);
    expect(azure?.subscriptions?.map((s) => [s.id, s.canFile])).toEqual([
      [NO_RBAC, false],
      [DEMO.adatumAzureSub, true],
    ]);
    expect(azure?.subscriptions?.[0]?.reasons.map((r) => r.code)).toEqual(['AZURE_RBAC_MISSING']);
    expect(azure).toMatchObject({ channel: 'azure-support', reasons: [] });
  });

  it('when the access watch looks at that customer, then it reports the one subscription without a grant, and nothing for Microsoft 365', () => {
    const { partner, customer } = adatumWithTwoAzureSubscriptions();
    expect(accessFindings(partner, customer, NOW).map((f) => [f.code, f.subscriptionId])).toEqual([['AZURE_RBAC_MISSING', NO_RBAC]]);
  });
});
