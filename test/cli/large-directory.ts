import type { Customer, Directory } from '../../shared/domain/directory.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';

const SERVICE_SUPPORT_ADMIN = 'f023fd81-a637-4b56-95fd-791ac0226033';

/** Customer tenant number `i` of a generated directory (GUID-shaped, so the schema accepts it). */
export const customerTenant = (i: number): string => `cccccccc-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/**
 * The demo partners and `count` Microsoft 365 customers of the demo's direct partner, each with an active GDAP
 * relationship that lets the demo agent file: a directory of any size in which every customer is eligible.
 */
export function directoryOfSize(count: number, now = new Date()): Directory {
  const endDateTime = new Date(now.getTime() + 365 * 86_400_000).toISOString();
  const customers: Customer[] = Array.from({ length: count }, (_, i) => ({
    tenantId: customerTenant(i),
    name: `Customer ${i}`,
    defaultDomain: `customer${i}.onmicrosoft.com`,
    relationships: [
      {
        partnerTenantId: DEMO.direct,
        id: `gdap-${i}`,
        status: 'active',
        endDateTime,
        accessAssignments: [{ securityGroupId: DEMO.supportGroup, roles: [SERVICE_SUPPORT_ADMIN], status: 'active' }],
      },
    ],
    subscriptions: [
      {
        id: `m365-${i}`,
        workload: 'office365',
        offerName: 'Microsoft 365 E3',
        channel: 'csp',
        providerTenantId: DEMO.direct,
        isTrial: false,
      },
    ],
  }));
  return { partners: demoDirectory(now).partners, customers };
}
