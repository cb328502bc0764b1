import { mapCompany, type MapResult } from '../shared/connectors/company-map.js';
import { consoleConnectors, mappingBodySchema } from '../shared/console/connectors.js';
import { scopedEndpoint } from '../shared/console/handler.js';
import { notYours } from '../shared/console/viewer.js';
import { json, problem } from '../shared/http/problem.js';
import { readValidBody } from '../shared/http/valid-body.js';
import { http } from '../shared/registry.js';

/** `https://<app>/api` as the caller reached it, whatever route prefix the host puts before the function routes. */
const apiRootOf = (url: string) => url.slice(0, Math.max(url.indexOf('/v1/console/'), 0));

/** GET /api/v1/console/connectors?partnerTenantId=: PSA connectors with their unmapped companies (never a credential). */
export const connectorsHttp = scopedEndpoint(async ({ rt, request, partnerTenantId }) =>
  json(200, { partners: await consoleConnectors(rt.deps, partnerTenantId, apiRootOf(request.url)) }),
);

const REFUSAL: Record<Extract<MapResult, { ok: false }>['reason'], number> = {
  'not-a-guid': 400,
  'not-a-customer': 422,
  disabled: 409,
};

/**
 * POST /api/v1/console/connectors/{partnerTenantId}/{connectorId}/mappings `{ companyId, customerTenantId }`: maps a
 * PSA company to a customer and files its parked events (as `relay connectors map`). Another partner's connector
 * reads the same 404 as one that does not exist.
 */
export const mapCompanyHttp = scopedEndpoint(async ({ rt, request, partnerTenantId }) => {
  const owner = partnerTenantId?.toLowerCase();
  const connector = owner ? await rt.deps.connectors.get(request.params.connectorId ?? '') : null;
  if (!connector || connector.partnerTenantId.toLowerCase() !== owner) return notYours();
  const input = await readValidBody(request, mappingBodySchema, 'Invalid mapping.');
  if (!input.ok) return input.response;
  const { companyId, customerTenantId } = input.value;
  const mapped = await mapCompany(rt.deps, connector, companyId, customerTenantId);
  if (!mapped.ok) {
    const errors = mapped.reason === 'disabled' ? [] : [{ path: 'customerTenantId', message: mapped.detail }];
    return problem(REFUSAL[mapped.reason], `Company ${companyId} was not mapped: ${mapped.detail}.`, { errors });
  }
  return json(200, {
    connectorId: connector.connectorId,
    companyId,
    customerTenantId: customerTenantId.toLowerCase(),
    released: mapped.released,
  });
});

http('console-connectors-http', { route: 'v1/console/connectors', methods: ['GET'], handler: connectorsHttp });
http('console-connector-mappings-http', {
  route: 'v1/console/connectors/{partnerTenantId}/{connectorId}/mappings',
  methods: ['POST'],
  handler: mapCompanyHttp,
});
