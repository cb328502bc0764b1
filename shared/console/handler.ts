import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { guarded } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { authenticateViewer, scopeOf, type Viewer } from './viewer.js';

export type ConsoleCall = { viewer: Viewer; rt: Runtime; request: HttpRequest };

/** The console API's common start: guarded like every endpoint, then the viewer (admin key or API key). */
export function consoleEndpoint(handle: (call: ConsoleCall) => Promise<HttpResponseInit>) {
  return (request: HttpRequest, context: InvocationContext, rt: Runtime): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      const auth = await authenticateViewer(rt, request);
      if (!auth.ok) return auth.response;
      return handle({ viewer: auth.viewer, rt, request });
    });
}

/** As consoleEndpoint, for requests about one partner or (admin only) all: `partnerTenantId` from the route or query. */
export function scopedEndpoint(handle: (call: ConsoleCall & { partnerTenantId: string | null }) => Promise<HttpResponseInit>) {
  return consoleEndpoint(async (call) => {
    const scope = scopeOf(call.viewer, call.request.params.partnerTenantId ?? call.request.query.get('partnerTenantId'));
    return scope.ok ? handle({ ...call, partnerTenantId: scope.partnerTenantId }) : scope.response;
  });
}
