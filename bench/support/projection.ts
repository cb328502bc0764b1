import type { ChannelRoundTrips } from '../figures/round-trips.js';
import { round } from './stats.js';

/**
 * List prices (USD, pay-as-you-go) for the paper projection, looked up 2026-11-25. Microsoft's pricing pages render
 * their numbers client-side, so the stored copies read "$-"; the figures below come from the sources named, and
 * BENCHMARKS.md says how sure each one is. Change them here when the price pages move.
 */
export const PRICES = {
  lookedUp: '2026-11-25',
  tableTransactionsPer10k: {
    usd: 0.00036,
    what: 'Table Storage, Standard LRS, per 10,000 transactions (a batch is one REST request)',
    source: 'https://azure.microsoft.com/en-us/pricing/details/storage/tables/',
  },
  serviceBusStandard: {
    baseUsdPerHour: 0.0135,
    includedOpsPerMonth: 13_000_000,
    usdPerMillionOps: [
      { upToOps: 100_000_000, usd: 0.8 },
      { upToOps: 2_500_000_000, usd: 0.5 },
      { upToOps: Number.POSITIVE_INFINITY, usd: 0.2 },
    ],
    what: 'Service Bus Standard: base charge per hour, 13M operations/month included, then tiered per million operations',
    source:
      'https://azure.microsoft.com/en-us/pricing/details/service-bus/ (USD figures as transcribed by https://azurelessons.com/azure-service-bus-pricing/)',
  },
} as const;

/** Service Bus Standard throttles at 1,000 credits/s per namespace; send, receive and peek cost 1 credit per message. */
export const SERVICE_BUS_STANDARD_CREDITS_PER_SECOND = 1000;
/** Table Storage scalability target for one partition (1 KiB entities). */
export const PARTITION_ENTITIES_PER_SECOND = 2000;

export interface Projection {
  path: string;
  storageTransactionsPerTicket: number;
  serviceBusOpsPerTicket: number;
  storageUsdPerMillionTickets: number;
  /** Beyond the 13M included operations, at the 13M–100M tier. */
  serviceBusUsdPerMillionTicketsMarginal: number;
  serviceBusBaseUsdPerMonth: number;
  /** One partner = one partition of the tickets table. */
  perPartnerTicketsPerSecond: number;
  partnerPartitionEntitiesPerTicket: number;
  /**
   * The tools table keeps every tool in one PartitionKey (`tool`, and `apikey` for the key index), shared by all
   * partners: reads of it per ticket, and the all-partner ceiling they imply (null when lookups are all cached).
   */
  toolsTableReadsPerTicket: number;
  allPartnersToolsTicketsPerSecond: number | null;
  /** Service Bus Standard credits: sends + receives per ticket. */
  serviceBusCreditsPerTicket: number;
  serviceBusNamespaceTicketsPerSecond: number;
}

export function project(path: ChannelRoundTrips): Projection {
  const total = Object.values(path.byStage).reduce((sum, c) => ({ send: sum.send + c.send, receive: sum.receive + c.receive }), {
    send: 0,
    receive: 0,
  });
  const credits = total.send + total.receive;
  const toolReads = Object.entries(path.sites)
    .filter(([site]) => site.endsWith('tools.getEntity'))
    .reduce((n, [, c]) => n + c, 0);
  const sb = PRICES.serviceBusStandard;
  return {
    path: path.channel,
    storageTransactionsPerTicket: path.storageRoundTrips,
    serviceBusOpsPerTicket: path.brokerOps,
    storageUsdPerMillionTickets: round(((path.storageRoundTrips * 1e6) / 1e4) * PRICES.tableTransactionsPer10k.usd, 3),
    serviceBusUsdPerMillionTicketsMarginal: round(path.brokerOps * sb.usdPerMillionOps[0].usd, 2),
    serviceBusBaseUsdPerMonth: round(sb.baseUsdPerHour * 730, 2),
    perPartnerTicketsPerSecond: round(PARTITION_ENTITIES_PER_SECOND / path.partnerPartitionEntities, 1),
    partnerPartitionEntitiesPerTicket: path.partnerPartitionEntities,
    toolsTableReadsPerTicket: toolReads,
    allPartnersToolsTicketsPerSecond: toolReads > 0 ? round(PARTITION_ENTITIES_PER_SECOND / toolReads, 1) : null,
    serviceBusCreditsPerTicket: credits,
    serviceBusNamespaceTicketsPerSecond: round(SERVICE_BUS_STANDARD_CREDITS_PER_SECOND / credits, 1),
  };
}
