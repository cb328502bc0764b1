import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { healthSnapshotSchema } from '../shared/domain/health.js';
import { isAdmin } from '../shared/http/authenticate.js';
import { guarded } from '../shared/http/guard.js';
import { json, problem } from '../shared/http/problem.js';
import { readValidBody } from '../shared/http/valid-body.js';
import { applyHealthSnapshot } from '../shared/pipeline/release-held.js';
import { http } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** POST /api/v1/service-health (admin key): replace a source's snapshot, release tickets its resolved incidents held. */
export async function serviceHealthHttp(request: HttpRequest, context: InvocationContext, relay: Runtime): Promise<HttpResponseInit> {
  return guarded(context, async () => {
    const { deps, config } = relay;
    if (!isAdmin(request, config.RELAY_ADMIN_KEY))
      return problem(401, 'This endpoint needs the admin key (Authorization: Bearer <RELAY_ADMIN_KEY>).');
    const snapshot = await readValidBody(request, healthSnapshotSchema, 'The snapshot does not match the schema.');
    if (!snapshot.ok) return snapshot.response;
    // The release itself is queued work (incident-release function): a storm of held tickets never runs in this request.
    const { resolved, releasing, partnerEvents } = await applyHealthSnapshot(deps, snapshot.value);
    return json(200, { source: snapshot.value.source, issues: snapshot.value.issues.length, resolved, releasing, partnerEvents });
  });
}

http('service-health-http', { route: 'v1/service-health', methods: ['POST'], handler: serviceHealthHttp });
