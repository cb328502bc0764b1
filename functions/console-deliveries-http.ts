import { consoleDeliveries, parseDeliveryStatus } from '../shared/console/deliveries.js';
import { scopedEndpoint } from '../shared/console/handler.js';
import { json, problem } from '../shared/http/problem.js';
import { replayDelivery, type ReplayRefusal } from '../shared/pipeline/replay-delivery.js';
import { http } from '../shared/registry.js';

/** GET /api/v1/console/deliveries?partnerTenantId=&status=: the last 30 days' webhook deliveries, failed first. */
export const deliveriesHttp = scopedEndpoint(async ({ rt, request, partnerTenantId }) => {
  const status = parseDeliveryStatus(request.query.get('status'));
  if (!status.ok)
    return problem(400, 'Invalid query parameters.', {
      errors: [{ path: 'status', message: 'must be one of failed, retrying, pending, delivered' }],
    });
  return json(200, { items: await consoleDeliveries(rt.deps.deliveries, partnerTenantId, status.status, rt.deps.clock.now()) });
});

/** A refusal is the operator's to act on (fix the callback, wait for the ticket), never a server error. */
const REFUSAL_STATUS: Record<ReplayRefusal, number> = {
  'not-found': 404,
  'not-failed': 409,
  'no-callback': 409,
  'ticket-busy': 409,
  'too-many-replays': 409,
};

/**
 * POST /api/v1/console/deliveries/{partnerTenantId}/{eventId}/replay: sends a failed delivery again with the same
 * event id (as `relay deliveries replay`) and answers with where it stands after that attempt.
 */
export const replayHttp = scopedEndpoint(async ({ rt, request, partnerTenantId }) => {
  if (!partnerTenantId) return problem(404, 'Nothing with these ids for this key.');
  const outcome = await replayDelivery(rt.deps, partnerTenantId, request.params.eventId ?? '');
  if (outcome.kind === 'refused') {
    // `not-found` reads the same whether the delivery is another partner's or does not exist.
    return problem(
      REFUSAL_STATUS[outcome.reason],
      outcome.reason === 'not-found' ? 'Nothing with these ids for this key.' : outcome.detail,
    );
  }
  return json(200, outcome.delivery);
});

http('console-deliveries-http', { route: 'v1/console/deliveries', methods: ['GET'], handler: deliveriesHttp });
http('console-replay-http', { route: 'v1/console/deliveries/{partnerTenantId}/{eventId}/replay', methods: ['POST'], handler: replayHttp });
