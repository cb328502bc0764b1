import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { receiveConnectorEvent } from '../shared/connectors/receive-event.js';
import { guarded } from '../shared/http/guard.js';
import { json, problem } from '../shared/http/problem.js';
import { parseJson, readJsonBody } from '../shared/http/read-body.js';
import { contextLogger } from '../shared/log.js';
import { http } from '../shared/registry.js';
import { psaHttpOptions, type Runtime } from '../shared/runtime.js';

/** Every credential problem, an unknown connector included, gets these words: nothing tells a prober which part failed. */
export const CONNECTOR_UNAUTHORIZED = 'The connector or the credentials of this PSA webhook are not valid.';

/** POST /api/v1/connectors/{connectorId}/events (docs/openapi.json): a PSA's own webhook, in its own format. */
export async function connectorEventsHttp(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return guarded(context, async () => {
    const { deps, config, rateLimiter } = relay;
    const connectorId = request.params.connectorId ?? '';
    const read = await readJsonBody(request);
    if (!read.ok) return problem(read.status, read.detail);
    const parsed = parseJson(read.bytes);
    const result = await receiveConnectorEvent(deps, deps.connectors, psaHttpOptions(config), {
      connectorId,
      headers: (name) => request.headers.get(name),
      rawBody: read.bytes,
      body: parsed.ok ? parsed.value : undefined,
      admit: (id) => rateLimiter.take(`connector:${id}`),
    });
    // Ids and outcomes only: the body and headers carry the PSA's credentials and customer data.
    const log = contextLogger(context, { function: 'connector-events-http', connectorId: connectorId.slice(0, 40) });
    if (result.kind === 'unauthorized') log.warn('connector webhook refused');
    else log.info(`connector webhook ${result.kind}`, 'ticketId' in result ? { ticketId: result.ticketId } : {});
    switch (result.kind) {
      case 'unauthorized':
        return problem(401, CONNECTOR_UNAUTHORIZED);
      case 'throttled':
        return problem(429, 'This connector is over its rate limit.', { headers: { 'retry-after': String(result.retryAfterSeconds) } });
      case 'invalid':
        return problem(400, result.detail, result.errors ? { errors: result.errors } : {});
      case 'ignored':
        return json(200, { status: 'ignored', reason: result.reason });
      case 'duplicate':
        return json(200, { status: 'duplicate', ticketId: result.ticketId });
      case 'parked':
        return json(202, {
          status: 'parked',
          companyId: result.companyId,
          detail: 'No customer is mapped to this PSA company yet; the event is kept and filed once it is (relay connectors map).',
        });
      case 'accepted':
        return json(
          202,
          { status: 'accepted', ticketId: result.ticketId, statusUrl: `/api/v1/service-requests/${result.ticketId}` },
          { location: `/api/v1/service-requests/${result.ticketId}` },
        );
    }
  });
}

http('connector-events-http', { route: 'v1/connectors/{connectorId}/events', methods: ['POST'], handler: connectorEventsHttp });
