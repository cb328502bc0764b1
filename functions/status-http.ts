import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticateReaderWithin, type AuthResult } from '../shared/http/authenticate.js';
import { guarded } from '../shared/http/guard.js';
import { json, problem } from '../shared/http/problem.js';
import { listTickets, parseListQuery, viewTicket } from '../shared/pipeline/ticket-queries.js';
import { http } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** API key only (signatures are for submissions), within the tool's read budget. */
async function reader(request: HttpRequest, { deps, readLimiter }: Runtime): Promise<AuthResult> {
  return authenticateReaderWithin(deps, readLimiter, request);
}

/** GET /api/v1/service-requests/{ticketId}: the caller's own ticket, else 404 (another partner's ticket is not confirmed to exist). */
export async function getTicketHttp(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return guarded(context, async () => {
    const auth = await reader(request, relay);
    if (!auth.ok) return auth.response;
    const view = await viewTicket(relay.deps, auth.tool.partnerTenantId, request.params.ticketId ?? '');
    return view ? json(200, view) : problem(404, 'No such ticket for this partner.');
  });
}

/** GET /api/v1/service-requests?externalRef=&status=&since=&limit=&cursor= — newest first, paged. */
export async function listTicketsHttp(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return guarded(context, async () => {
    const auth = await reader(request, relay);
    if (!auth.ok) return auth.response;
    const parsed = parseListQuery(request.query);
    if (!parsed.ok) return problem(400, 'Invalid query parameters.', { errors: parsed.errors });
    const page = await listTickets(relay.deps, auth.tool.partnerTenantId, parsed.query);
    if ('invalidCursor' in page)
      return problem(400, 'Invalid query parameters.', {
        errors: [{ path: 'cursor', message: 'not a cursor this API returned for your tickets; start again without it' }],
      });
    return json(200, page);
  });
}

http('status-http', { route: 'v1/service-requests/{ticketId}', methods: ['GET'], handler: getTicketHttp });
http('list-http', { route: 'v1/service-requests', methods: ['GET'], handler: listTicketsHttp });
