import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { json } from '../shared/http/problem.js';
import { http } from '../shared/registry.js';
import type { Runtime } from '../shared/runtime.js';

/** GET /api/v1/health: liveness plus a check of each dependency; `degraded` (503) when one fails. */
export async function healthHttp(_request: unknown, _context: InvocationContext, { deps, ready }: Runtime): Promise<HttpResponseInit> {
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

// Storage is one of the things it checks, so it runs (and answers 503 `degraded`) when the tables cannot be created.
http('health-http', { route: 'v1/health', methods: ['GET'], handler: healthHttp, storage: 'optional' });
