import { heldIncidents } from '../shared/console/held.js';
import { consoleEndpoint, scopedEndpoint } from '../shared/console/handler.js';
import { knownPartners } from '../shared/console/partners.js';
import { consoleTickets, parseConsoleQuery } from '../shared/console/ticket-list.js';
import { notYours } from '../shared/console/viewer.js';
import { json, problem } from '../shared/http/problem.js';
import { viewTicket } from '../shared/pipeline/ticket-queries.js';
import { http } from '../shared/registry.js';

/** GET /api/v1/console/session: who the key is (admin, or which partner and tool), so the console shows the right pages. */
export const sessionHttp = consoleEndpoint(async ({ viewer, rt }) => {
  if (viewer.role === 'partner') return json(200, viewer);
  return json(200, { role: 'admin', partners: await knownPartners(rt.deps) });
});

/** GET /api/v1/console/tickets?partnerTenantId=&status=&caseState=&customerTenantId=&externalRef=&limit=&cursor= */
export const consoleTicketsHttp = scopedEndpoint(async ({ rt, request, partnerTenantId }) => {
  const parsed = parseConsoleQuery(request.query);
  if (!parsed.ok) return problem(400, 'Invalid query parameters.', { errors: parsed.errors });
  const page = await consoleTickets(rt.deps, partnerTenantId, parsed.query);
  if ('invalidCursor' in page) {
    return problem(400, 'Invalid query parameters.', {
      errors: [
        {
          path: 'cursor',
          message: 'not a cursor this API returned for these tickets (listing every partner has none); start again without it',
        },
      ],
    });
  }
  return json(200, page);
});

/** GET /api/v1/console/tickets/{partnerTenantId}/{ticketId}: the ticket view with history and deliveries. */
export const consoleTicketHttp = scopedEndpoint(async ({ rt, request, partnerTenantId }) => {
  const view = partnerTenantId ? await viewTicket(rt.deps, partnerTenantId, request.params.ticketId ?? '') : null;
  return view ? json(200, view) : notYours();
});

/** GET /api/v1/console/held?partnerTenantId=: incidents holding tickets, with those tickets. */
export const heldHttp = scopedEndpoint(async ({ rt, partnerTenantId }) =>
  json(200, { incidents: await heldIncidents(rt.deps, partnerTenantId) }),
);

http('console-session-http', { route: 'v1/console/session', methods: ['GET'], handler: sessionHttp });
http('console-tickets-http', { route: 'v1/console/tickets', methods: ['GET'], handler: consoleTicketsHttp });
http('console-ticket-http', { route: 'v1/console/tickets/{partnerTenantId}/{ticketId}', methods: ['GET'], handler: consoleTicketHttp });
http('console-held-http', { route: 'v1/console/held', methods: ['GET'], handler: heldHttp });
