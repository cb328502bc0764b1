import { checkReadiness, type WorkloadReadiness } from '../domain/readiness/readiness.js';
import { WORKLOADS, type ServiceRequest, type Workload } from '../domain/submission.js';
import type { FieldError } from '../http/problem.js';
import type { Deps } from './deps.js';

export interface ReadinessQuery {
  workloads?: Workload[];
  agent?: ServiceRequest['agent'];
}

export interface ReadinessReport {
  customerTenantId: string;
  checkedAt: string;
  workloads: WorkloadReadiness[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?workload=` (one of the four) and `?agent=` (an object id or a sign-in name). */
export function parseReadinessQuery(params: URLSearchParams): { ok: true; query: ReadinessQuery } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const query: ReadinessQuery = {};
  const workload = params.get('workload');
  if (workload !== null) {
    if ((WORKLOADS as readonly string[]).includes(workload)) query.workloads = [workload as Workload];
    else errors.push({ path: 'workload', message: `must be one of ${WORKLOADS.join(', ')}` });
  }
  const agent = params.get('agent')?.trim();
  if (agent !== undefined) {
    if (agent.length === 0 || agent.length > 256)
      errors.push({ path: 'agent', message: 'give an agent object id or sign-in name (1–256 characters)' });
    else query.agent = GUID.test(agent) ? { objectId: agent } : { userPrincipalName: agent };
  }
  return errors.length ? { ok: false, errors } : { ok: true, query };
}

/**
 * Two point reads (partner, customer), then the rules. null for a customer that is unknown or not this partner's:
 * the caller answers both the same way.
 */
export async function readinessFor(
  deps: Deps,
  partnerTenantId: string,
  customerTenantId: string,
  query: ReadinessQuery,
): Promise<ReadinessReport | null> {
  if (!GUID.test(customerTenantId)) return null;
  const [partner, customer] = await Promise.all([deps.directory.getPartner(partnerTenantId), deps.directory.getCustomer(customerTenantId)]);
  if (!partner) return null;
  const now = deps.clock.now();
  const workloads = checkReadiness({ partner, customer, now, ...query });
  return workloads ? { customerTenantId: customerTenantId.toLowerCase(), checkedAt: now.toISOString(), workloads } : null;
}
