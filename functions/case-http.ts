import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { authenticateReader } from '../shared/http/authenticate.js';
import { closeCaseSchema, recordCaseSchema } from '../shared/http/case-input.js';
import { guarded } from '../shared/http/guard.js';
import { json, problem } from '../shared/http/problem.js';
import { readValidBody } from '../shared/http/valid-body.js';
import { closeCase, recordCase, type CaseAnswer } from '../shared/pipeline/case-actions.js';
import { http } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** Shared shape of the two case endpoints: API key, JSON body checked against its schema, then the use case. */
function caseEndpoint<S extends z.ZodType>(
  schema: S,
  act: (deps: Runtime['deps'], partnerTenantId: string, ticketId: string, input: z.infer<S>) => Promise<CaseAnswer>,
) {
  return (request: HttpRequest, context: InvocationContext, { deps }: Runtime): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      // API key only: signatures authenticate submissions (README "Credentials and limits"), and the key is checked before the body is read.
      const auth = await authenticateReader(deps, request);
      if (!auth.ok) return auth.response;
      const input = await readValidBody(request, schema, 'The body does not match the schema.');
      if (!input.ok) return input.response;
      const answer = await act(deps, auth.tool.partnerTenantId, request.params.ticketId ?? '', input.value);
      if (answer.kind === 'not-found') return problem(404, 'No such ticket for this partner.');
      if (answer.kind === 'conflict') return problem(409, answer.detail);
      return json(200, answer.view);
    });
}

export const recordCaseHttp = caseEndpoint(recordCaseSchema, (deps, partner, ticketId, input) =>
  recordCase(deps, partner, ticketId, input),
);
export const closeCaseHttp = caseEndpoint(closeCaseSchema, (deps, partner, ticketId, input) => closeCase(deps, partner, ticketId, input));

http('case-http', { route: 'v1/service-requests/{ticketId}/case', methods: ['POST'], handler: recordCaseHttp });
http('close-http', { route: 'v1/service-requests/{ticketId}/close', methods: ['POST'], handler: closeCaseHttp });
