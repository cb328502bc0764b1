import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticateReaderWithin, isAdmin } from '../http/authenticate.js';
import { problem } from '../http/problem.js';
import type { Runtime } from '../runtime.js';

/**
 * Who is looking at the console: the admin key sees every partner; a tool's API key sees its own partner only.
 * The partner always comes from the credential, never from the request.
 */
export type Viewer = { role: 'admin' } | { role: 'partner'; partnerTenantId: string; toolId: string; toolName: string };

export type ViewerResult = { ok: true; viewer: Viewer } | { ok: false; response: HttpResponseInit };

type Needs = Pick<Runtime, 'config' | 'deps' | 'readLimiter' | 'ready'>;

/** The admin key first (constant-time), else an API key within its tool's read budget; every failure is the same 401. */
export async function authenticateViewer(rt: Needs, request: HttpRequest): Promise<ViewerResult> {
  await rt.ready();
  if (isAdmin(request, rt.config.RELAY_ADMIN_KEY)) return { ok: true, viewer: { role: 'admin' } };
  const auth = await authenticateReaderWithin(rt.deps, rt.readLimiter, request);
  if (!auth.ok) return auth;
  const { tool } = auth;
  return { ok: true, viewer: { role: 'partner', partnerTenantId: tool.partnerTenantId, toolId: tool.toolId, toolName: tool.name } };
}

/** A tenant id as Entra writes it. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Scope = { ok: true; partnerTenantId: string | null } | { ok: false; response: HttpResponseInit };

/**
 * The partner a request is about. The admin may name one (`partnerTenantId`) or none (every partner). A partner
 * key is always its own partner; naming another gets the same 404 as a partner that does not exist, so the console
 * API cannot confirm another partner's tenant id.
 */
export function scopeOf(viewer: Viewer, requested: string | null | undefined): Scope {
  if (requested && !GUID.test(requested)) {
    return {
      ok: false,
      response: problem(400, 'Invalid partnerTenantId.', { errors: [{ path: 'partnerTenantId', message: 'must be a tenant id (GUID)' }] }),
    };
  }
  if (viewer.role === 'admin') return { ok: true, partnerTenantId: requested || null };
  if (!requested || requested.toLowerCase() === viewer.partnerTenantId.toLowerCase())
    return { ok: true, partnerTenantId: viewer.partnerTenantId };
  return { ok: false, response: notYours() };
}

export const notYours = (): HttpResponseInit => problem(404, 'Nothing with these ids for this key.');

export const adminOnly = (): HttpResponseInit =>
  problem(403, 'This page needs the admin key (RELAY_ADMIN_KEY); a partner API key cannot read the queues.');
