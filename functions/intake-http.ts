import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticateSubmitter } from '../shared/http/authenticate.js';
import { guarded } from '../shared/http/guard.js';
import { json, problem } from '../shared/http/problem.js';
import { idempotencyKeyOf, parseJson } from '../shared/http/read-body.js';
import { submitServiceRequest } from '../shared/pipeline/intake.js';
import { http } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';
import { inHttpSpan } from '../shared/tracing/function-spans.js';

/**
 * POST /api/v1/service-requests (docs/openapi.json): checks the request, hands it to intake, maps the answer. The
 * intake span starts the ticket's trace (README "Tracing").
 */
export async function submitHttp(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return inHttpSpan('intake http', request, context, () => submit(request, context, relay));
}

async function submit(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return guarded(context, async () => {
    const { deps, rateLimiter } = relay;
    // Credentials first (from the headers where the scheme allows); the body is read inside, with its hard limit.
    const auth = await authenticateSubmitter(deps, request);
    if (!auth.ok) return auth.response;
    if (!auth.body.ok) return problem(auth.body.status, auth.body.detail);
    const key = idempotencyKeyOf(request, auth.signed);
    if (!key) return problem(400, 'An Idempotency-Key header (1–255 characters) or a webhook-id header is required.');
    const wait = rateLimiter.take(auth.tool.toolId);
    if (wait !== null) return problem(429, 'This tool is over its rate limit.', { headers: { 'retry-after': String(wait) } });
    const parsed = parseJson(auth.body.bytes);
    if (!parsed.ok) return problem(400, parsed.detail);
    const result = await submitServiceRequest(deps, { tool: auth.tool, idempotencyKey: key, rawBody: parsed.text, body: parsed.value });
    switch (result.kind) {
      case 'invalid':
        return problem(400, 'The request does not match the schema.', { errors: result.errors });
      case 'key-reused':
        return problem(422, 'This Idempotency-Key was already used with a different body.');
      case 'accepted':
        return json(202, result.response, {
          location: result.response.statusUrl,
          ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
    }
  });
}

http('intake-http', { route: 'v1/service-requests', methods: ['POST'], handler: submitHttp });
