import { isRelated } from '../domain/eligibility/rules/known-parties.js';
import type { Deps } from '../pipeline/deps.js';
import type { Connector, ParkedEvent } from './connector.js';
import { releaseParked } from './receive-event.js';

/**
 * A connector's company map, for the CLI (`relay connectors map` / `unmapped`) and the console alike: which PSA
 * companies wait for a customer, and mapping one, which files what was parked for it without the PSA re-sending.
 */

export const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UnmappedCompany {
  companyId: string;
  /** The name the PSA sent with the newest event (PSAs may rename a company between events). */
  companyName: string | null;
  /** Oldest first. */
  events: ParkedEvent[];
}

/** Parked events grouped by PSA company; the company waiting longest first, and within it the oldest event first. */
export async function unmappedCompanies(deps: Pick<Deps, 'connectors'>, connectorId: string): Promise<UnmappedCompany[]> {
  const parked = (await deps.connectors.parked(connectorId)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const byCompany = new Map<string, UnmappedCompany>();
  for (const event of parked) {
    const company = byCompany.get(event.companyId) ?? { companyId: event.companyId, companyName: null, events: [] };
    company.events.push(event);
    company.companyName = event.companyName ?? company.companyName;
    byCompany.set(event.companyId, company);
  }
  return [...byCompany.values()];
}

export type TenantRefusal = { reason: 'not-a-guid' | 'not-a-customer'; detail: string };

/**
 * Why `tenantId` cannot be the customer behind a PSA company of this connector, or null when it can: it must be a
 * tenant id, and a customer the partner is related to in the directory (eligibility rule 1's test; anything else
 * would only file tickets refused with CUSTOMER_NOT_FOUND). One wording for unknown and other partners' tenants.
 */
export async function tenantRefusal(deps: Pick<Deps, 'directory'>, connector: Connector, tenantId: string): Promise<TenantRefusal | null> {
  if (!TENANT_ID.test(tenantId))
    return { reason: 'not-a-guid', detail: `the customer's tenant id must be a GUID, not "${tenantId.slice(0, 60)}"` };
  const [partner, customer] = await Promise.all([
    deps.directory.getPartner(connector.partnerTenantId),
    deps.directory.getCustomer(tenantId),
  ]);
  // Filing for a partner the directory does not know yet would only have its tickets refused: they stay parked.
  if (!partner)
    return {
      reason: 'not-a-customer',
      detail: `partner ${connector.partnerTenantId} is not in the relay's directory yet (relay directory import or sync), so no customer can be checked`,
    };
  if (customer && isRelated(partner, customer)) return null;
  return { reason: 'not-a-customer', detail: `tenant ${tenantId} is not one of this partner's customers in the directory` };
}

export interface ReleasedEvent {
  psaTicketId: string;
  /** The relay ticket it was filed as (or had been, for a PSA ticket the relay already had). */
  ticketId: string | null;
  /** Why it is still parked (its submission is not valid, e.g. the connector maps need fixing); null once filed. */
  stillParked: string | null;
}

export type MapResult =
  { ok: true; released: ReleasedEvent[] } | { ok: false; reason: TenantRefusal['reason'] | 'disabled'; detail: string };

/**
 * Maps one PSA company to a customer tenant, then files whatever was parked for it. A refused tenant or a disabled
 * connector (its webhooks are refused, so it has nothing to file for) writes nothing.
 */
export async function mapCompany(deps: Deps, connector: Connector, companyId: string, tenantId: string): Promise<MapResult> {
  if (connector.disabled) return { ok: false, reason: 'disabled', detail: `connector ${connector.connectorId} is disabled` };
  const refusal = await tenantRefusal(deps, connector, tenantId);
  if (refusal) return { ok: false, ...refusal };
  await deps.connectors.mapCompany(connector.connectorId, companyId, tenantId.toLowerCase());
  const released = await releaseParked(deps, deps.connectors, connector, companyId);
  return {
    ok: true,
    released: released.map(({ psaTicketId, result }) => ({
      psaTicketId,
      ticketId: 'ticketId' in result ? result.ticketId : null,
      stillParked: result.kind === 'invalid' ? result.detail : null,
    })),
  };
}
