import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticateReaderWithin } from '../shared/http/authenticate.js';
import { guarded } from '../shared/http/guard.js';
import { json, problem } from '../shared/http/problem.js';
import { parseReadinessQuery, readinessFor } from '../shared/pipeline/readiness-query.js';
import { http } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** One answer for "no such customer" and "not your customer", so the endpoint cannot confirm another partner's tenant. */
const NOT_FOUND = 'No such customer among yours in the directory. Check the tenant id; if the customer is new, refresh the directory.';

/** GET /api/v1/customers/{customerTenantId}/readiness[?workload=&agent=]: the eligibility rules without a ticket. */
export async function readinessHttp(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return guarded(context, async () => {
    const { deps, readLimiter } = relay;
    // A read: API key only (README "Credentials and limits"), within the tool's read budget.
    const auth = await authenticateReaderWithin(deps, readLimiter, request);
    if (!auth.ok) return auth.response;
    const parsed = parseReadinessQuery(request.query);
    if (!parsed.ok) return problem(400, 'Invalid query parameters.', { errors: parsed.errors });
    const report = await readinessFor(deps, auth.tool.partnerTenantId, request.params.customerTenantId ?? '', parsed.query);
    return report ? json(200, report) : problem(404, NOT_FOUND);
  });
}

http('readiness-http', { route: 'v1/customers/{customerTenantId}/readiness', methods: ['GET'], handler: readinessHttp });
