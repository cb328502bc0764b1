import type { Directory } from '../domain/directory.js';
import { activeRelationships, gdapExpiring, lastToEnd } from '../domain/eligibility/rules/gdap-relationship.js';
import type { DirectoryWriter } from '../ports/directory.js';

/** Where a refreshed directory comes from (the `microsoft` source: Graph GDAP, Partner Center, ARM). */
export interface DirectoryFeed {
  pull(): Promise<Directory>;
}

/** A partner's access to a customer that ends within the notice period (rule 5's GDAP_EXPIRING, per customer). */
export interface GdapExpiry {
  partnerTenantId: string;
  customerTenantId: string;
  customerName: string;
  relationshipId: string;
  endDateTime: string;
  message: string;
  fix: string;
}

export type DirectorySyncResult = {
  source: 'microsoft' | 'table';
  /** Set when the table directory was replaced by a fresh pull. */
  replaced: { partners: number; customers: number } | null;
  expiring: GdapExpiry[];
};

/**
 * The `directory-sync` timer's use case. With DIRECTORY_SOURCE=microsoft: pull, then replace the table directory as
 * one generation (a failed pull throws before any write, so readers keep the previous directory). Either way it
 * then lists the GDAP access about to end, from the directory now in force.
 */
export async function syncDirectory(input: {
  feed: DirectoryFeed | null;
  writer: DirectoryWriter;
  now: Date;
}): Promise<DirectorySyncResult> {
  const { feed, writer, now } = input;
  if (!feed) return { source: 'table', replaced: null, expiring: expiringAccess(await writer.export(), now) };
  const directory = await feed.pull();
  await writer.replace(directory);
  return {
    source: 'microsoft',
    replaced: { partners: directory.partners.length, customers: directory.customers.length },
    expiring: expiringAccess(directory, now),
  };
}

/** Same rule and wording as the GDAP_EXPIRING warning on tickets, for every partner-customer pair in the directory. */
export function expiringAccess(directory: Directory, now: Date): GdapExpiry[] {
  return directory.customers.flatMap((customer) =>
    directory.partners.flatMap((partner) => {
      const relationships = activeRelationships(customer, partner, now);
      const [warning] = gdapExpiring(relationships, now);
      // gdapExpiring warns about the relationship that ends last; name the same one.
      const last = lastToEnd(relationships);
      if (!warning || !last) return [];
      return [
        {
          partnerTenantId: partner.tenantId,
          customerTenantId: customer.tenantId,
          customerName: customer.name,
          relationshipId: last.id,
          endDateTime: last.endDateTime,
          message: warning.message,
          fix: warning.fix ?? '',
        },
      ];
    }),
  );
}
