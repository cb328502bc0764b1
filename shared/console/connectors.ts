import { z } from 'zod';
import { CONNECTOR_KINDS, connectorWebhookUrl, type Connector } from '../connectors/connector.js';
import { unmappedCompanies } from '../connectors/company-map.js';
import { isRelated } from '../domain/eligibility/rules/known-parties.js';
import { sameId } from '../domain/eligibility/same-id.js';
import type { Deps } from '../pipeline/deps.js';

/**
 * The console's PSA connectors page: per partner its connectors, their unmapped companies and the customers a
 * company can be mapped to. The shapes are zod schemas so docs/openapi.json is generated from them. A connector's
 * credentials live only in its sealed column, which `ConnectorStore.get`/`list` never open; the view below names its
 * fields one by one, so a field added to Connector later is not shown until someone decides it may be.
 */
const unmappedCompanySchema = z.object({
  companyId: z.string(),
  companyName: z.string().nullable(),
  parkedEvents: z.number().int(),
  oldestReceivedAt: z.iso.datetime(),
  events: z.array(z.object({ psaTicketId: z.string(), title: z.string().nullable(), receivedAt: z.iso.datetime() })),
});

const connectorViewSchema = z.object({
  connectorId: z.string(),
  partnerTenantId: z.string(),
  name: z.string(),
  kind: z.enum(CONNECTOR_KINDS),
  state: z.enum(['enabled', 'disabled']),
  webhookUrl: z.string(),
  mappedCompanies: z.number().int(),
  parkedEvents: z.number().int(),
  createdAt: z.iso.datetime(),
  unmapped: z.array(unmappedCompanySchema),
});

export const partnerConnectorsSchema = z.object({
  partnerTenantId: z.string(),
  partnerName: z.string(),
  /** The partner's customers in the directory: what a PSA company can be mapped to. */
  customers: z.array(z.object({ tenantId: z.string(), name: z.string() })),
  connectors: z.array(connectorViewSchema),
});

export type PartnerConnectors = z.infer<typeof partnerConnectorsSchema>;
type ConnectorView = z.infer<typeof connectorViewSchema>;

/** `POST …/connectors/{partnerTenantId}/{connectorId}/mappings`: one PSA company → one customer tenant. */
export const mappingBodySchema = z.strictObject({
  companyId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The company id the PSA sends (Halo client, ConnectWise company, Autotask company).'),
  customerTenantId: z
    .string()
    .max(200)
    .describe("The customer's Entra tenant id (GUID); must be one of the partner's customers in the directory."),
});

export const mappingResultSchema = z.object({
  connectorId: z.string(),
  companyId: z.string(),
  customerTenantId: z.string(),
  released: z.array(z.object({ psaTicketId: z.string(), ticketId: z.string().nullable(), stillParked: z.string().nullable() })),
});

async function view(deps: Deps, connector: Connector, apiRoot: string): Promise<ConnectorView> {
  const [mappings, unmapped] = await Promise.all([
    deps.connectors.mappings(connector.connectorId),
    unmappedCompanies(deps, connector.connectorId),
  ]);
  return {
    connectorId: connector.connectorId,
    partnerTenantId: connector.partnerTenantId,
    name: connector.name,
    kind: connector.kind,
    state: connector.disabled ? 'disabled' : 'enabled',
    webhookUrl: connectorWebhookUrl(apiRoot, connector.connectorId),
    mappedCompanies: mappings.length,
    parkedEvents: unmapped.reduce((n, c) => n + c.events.length, 0),
    createdAt: connector.createdAt,
    unmapped: unmapped.map((c) => ({
      companyId: c.companyId,
      companyName: c.companyName,
      parkedEvents: c.events.length,
      oldestReceivedAt: c.events[0]!.receivedAt,
      events: c.events.map((e) => ({
        psaTicketId: e.psaTicketId,
        title: typeof e.submission.title === 'string' ? e.submission.title : null,
        receivedAt: e.receivedAt,
      })),
    })),
  };
}

/** The connectors of one partner, or of every partner that has any (admin, none named); partners by name. */
export async function consoleConnectors(deps: Deps, partnerTenantId: string | null, apiRoot: string): Promise<PartnerConnectors[]> {
  const [connectors, directory] = await Promise.all([deps.connectors.list(), deps.directorySnapshot()]);
  const mine = connectors.filter((c) => partnerTenantId === null || sameId(c.partnerTenantId, partnerTenantId));
  const partnerIds = partnerTenantId ? [partnerTenantId] : [...new Set(mine.map((c) => c.partnerTenantId))];
  const out = await Promise.all(
    partnerIds.map(async (id) => {
      const partner = directory.partners.find((p) => sameId(p.tenantId, id));
      const customers = partner
        ? directory.customers.filter((c) => isRelated(partner, c)).map((c) => ({ tenantId: c.tenantId, name: c.name }))
        : [];
      const own = mine.filter((c) => sameId(c.partnerTenantId, id)).sort((a, b) => a.name.localeCompare(b.name));
      return {
        partnerTenantId: id,
        partnerName: partner?.name ?? id,
        customers: customers.sort((a, b) => a.name.localeCompare(b.name)),
        connectors: await Promise.all(own.map((c) => view(deps, c, apiRoot))),
      };
    }),
  );
  return out.sort((a, b) => a.partnerName.localeCompare(b.partnerName));
}
