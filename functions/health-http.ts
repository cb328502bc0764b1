import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { json } from '../shared/http/problem.js';
import { http } from '../shared/registry.js';
import { runtime } from '../shared/runtime.js';

/** GET /api/v1/health: liveness plus a check of each dependency; `degraded` (503) when one fails. */
export async function healthHttp(_request: unknown, _context: InvocationContext): Promise<HttpResponseInit> {
  const { deps, ready } = runtime();
  const checks: Record<string, 'ok' | 'failed'> = {};
  const outcome = (p: Promise<void>) =>
    p.then(
      () => 'ok' as const,
      () => 'failed' as const,
    );
  [checks.tables, checks.broker] = await Promise.all([outcome(ready().then(() => deps.health.ping())), outcome(deps.bus.ping())]);
  const status = Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'degraded';
  return json(status === 'ok' ? 200 : 503, { status, checks });
}

http('health-http', { route: 'v1/health', methods: ['GET'], handler: healthHttp });
