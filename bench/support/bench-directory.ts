import type { Customer, Directory } from '../../shared/domain/directory.js';

/**
 * The benchmark's directory: `partners` direct partners and `size` customers. The first four customers belong to
 * the first partner and cover the channels (Microsoft 365, Azure, an ISV product, an expired GDAP); the rest are
 * eligible fillers dealt out to the partners in turn, so a lookup in a large directory finds the same kind of row
 * as in a small one.
 */
export const BENCH = {
  partner: partnerId(0),
  agent: '0b0b0b0b-0000-4000-8000-0000000000a1',
  group: '0b0b0b0b-0000-4000-8000-0000000000b1',
  m365: customerId(0),
  azure: customerId(1),
  isv: customerId(2),
  expired: customerId(3),
  azureSubscription: '0c0c0c0c-0000-4000-8000-000000000001',
  isvProduct: 'bench-backup-365',
} as const;

const SERVICE_SUPPORT_ADMIN = 'f023fd81-a637-4b56-95fd-791ac0226033';

const FIRST_FILLER = 4;
/**
 * Figures where many partners file at once (throughput, intake latency, the incident storm) spread their load over
 * this many partners: one partition each, as in production, instead of one partner filing everything.
 */
export const SPREAD_PARTNERS = 20;

export function customerId(index: number): string {
  return `0a0a0a0a-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

export function partnerId(index: number): string {
  return `0b0b0b0b-0000-4000-8000-${(index + 1).toString(16).padStart(12, '0')}`;
}

/** The `n`-th filler customer of partner `partner` when the directory has `partners` partners. */
export function customerOf(partner: number, n: number, partners: number): string {
  return customerId(FIRST_FILLER + n * partners + partner);
}

export function benchDirectory(size: number, partners = 1, now = new Date()): Directory {
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
  const owner = (i: number) => partnerId(i < FIRST_FILLER ? 0 : (i - FIRST_FILLER) % partners);
  const customers = Array.from({ length: Math.max(size, FIRST_FILLER) }, (_, i) => filler(i, owner(i), inDays));
  customers[1]!.subscriptions.push({
    id: BENCH.azureSubscription,
    workload: 'azure',
    offerName: 'Azure plan',
    channel: 'csp',
    providerTenantId: BENCH.partner,
    isTrial: false,
    azureRoleAssignments: [{ partnerTenantId: BENCH.partner, principal: 'adminAgents', role: 'Owner' }],
  });
  customers[2]!.subscriptions.push({
    id: 'sub-isv',
    workload: 'office365',
    offerName: 'Bench Backup for Microsoft 365',
    channel: 'csp',
    providerTenantId: BENCH.partner,
    isTrial: false,
    productId: BENCH.isvProduct,
    marketplace: { publisher: 'Bench Backup Ltd', supportEmail: 'help@bench-backup.example' },
  });
  const expired = customers[3]!.relationships[0]!;
  customers[3]!.relationships[0] = { ...expired, status: 'expired', endDateTime: inDays(-10) };
  return {
    partners: Array.from({ length: partners }, (_, k) => ({
      tenantId: partnerId(k),
      name: `Bench Partner ${k}`,
      type: 'direct' as const,
      cloud: 'public' as const,
      contact: { name: 'Bench Desk', email: `desk@bench-partner-${k}.example` },
      // One agent id for all partners keeps the requests alike; the rules look agents up within the filing partner.
      agents: [{ userPrincipalName: `agent@bench-partner-${k}.example`, objectId: BENCH.agent, adminAgent: true, groups: [BENCH.group] }],
    })),
    customers,
  };
}

function filler(index: number, partner: string, inDays: (days: number) => string): Customer {
  return {
    tenantId: customerId(index),
    name: `Customer ${index}`,
    defaultDomain: `customer${index}.onmicrosoft.com`,
    relationships: [
      {
        partnerTenantId: partner,
        id: `gdap-${index}`,
        status: 'active',
        endDateTime: inDays(300),
        accessAssignments: [{ securityGroupId: BENCH.group, roles: [SERVICE_SUPPORT_ADMIN], status: 'active' }],
      },
    ],
    subscriptions: [
      {
        id: `sub-${index}-m365`,
        workload: 'office365',
        offerName: 'Microsoft 365 E3',
        channel: 'csp',
        providerTenantId: partner,
        isTrial: false,
      },
    ],
  };
}
