import type { Customer, Partner } from '../directory.js';
import { isRelated } from '../eligibility/rules/known-parties.js';
import type { ReasonCode } from '../reasons.js';
import { sameId } from '../eligibility/same-id.js';
import { checkReadiness } from './readiness.js';

/**
 * The access watch's findings for one partner and customer (README "Know before you file"): what will make filing fail, found before
 * anyone needs to file. Relationship-level findings come from the Microsoft 365 check (they hold for every workload);
 * Azure adds one finding per subscription the partner provides that lacks a support-capable RBAC grant.
 */
export interface AccessFinding {
  code: ReasonCode;
  subscriptionId?: string;
  message: string;
  fix?: string;
}

const RELATIONSHIP_FINDINGS = new Set<ReasonCode>([
  'NO_ACTIVE_GDAP',
  'GDAP_PENDING_APPROVAL',
  'GDAP_EXPIRING',
  'GDAP_ROLE_MISSING',
  'AGENT_NOT_FOUND',
  'ADMIN_AGENT_ROLE_MISSING',
  'GDAP_USER_NOT_ASSIGNED',
]);

/** The customers a partner is watched for: related ones, not its own tenant (rule 2 files under its own plan). */
export function watchedCustomers(partner: Partner, customers: readonly Customer[]): Customer[] {
  return customers.filter((c) => !sameId(c.tenantId, partner.tenantId) && isRelated(partner, c));
}

export function accessFindings(partner: Partner, customer: Customer, now: Date): AccessFinding[] {
  const readiness = checkReadiness({ partner, customer, now, workloads: ['office365', 'azure'] }) ?? [];
  const findings: AccessFinding[] = [];
  const m365 = readiness.find((w) => w.workload === 'office365');
  for (const r of m365?.reasons ?? []) if (RELATIONSHIP_FINDINGS.has(r.code)) findings.push(finding(r));
  for (const s of readiness.find((w) => w.workload === 'azure')?.subscriptions ?? []) {
    const rbac = s.reasons.find((r) => r.code === 'AZURE_RBAC_MISSING');
    if (rbac) findings.push({ ...finding(rbac), subscriptionId: s.id });
  }
  return findings;
}

const finding = (r: { code: ReasonCode; message: string; fix?: string }): AccessFinding => ({
  code: r.code,
  message: r.message,
  ...(r.fix ? { fix: r.fix } : {}),
});

/** Equal exactly when the same things are wrong: codes and subjects, not messages (an expiry's "in N days" moves daily). */
export function fingerprintOf(findings: readonly AccessFinding[]): string {
  return [...new Set(findings.map((f) => (f.subscriptionId ? `${f.code}:${f.subscriptionId.toLowerCase()}` : f.code)))].sort().join(',');
}
