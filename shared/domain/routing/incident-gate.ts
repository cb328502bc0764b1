import type { HealthIssue, ServiceStatus } from '../health.js';
import type { ServiceRequest } from '../submission.js';

/**
 * Rule 9, "known incident first": before escalating, look for an active incident Microsoft already
 * works on for the same workload and service that affects this customer. Filing a ticket for it only
 * adds a duplicate to Microsoft's queue; the partner is better served by the incident's updates.
 */
export type SourcedIssue = HealthIssue & { source: string };

export type IncidentGateResult =
  { kind: 'incident'; issue: SourcedIssue } | { kind: 'possible'; services: ServiceStatus[] } | { kind: 'none' };

export interface IncidentGateInput {
  request: Pick<ServiceRequest, 'workload' | 'service' | 'region' | 'subscriptionId'>;
  customerTenantId: string;
  issues: readonly SourcedIssue[];
  services: readonly ServiceStatus[];
  now: Date;
}

/**
 * Statuses that mean "nothing is wrong (any more)". Graph's vocabulary, compared case-insensitively
 * because Graph's docs show PascalCase and live responses camelCase (domain-facts §4).
 */
const SETTLED_STATUSES = new Set(
  [
    'serviceOperational',
    'serviceRestored',
    'postIncidentReviewPublished',
    'falsePositive',
    'investigationSuspended',
    'resolved',
    'resolvedExternal',
    'mitigated',
    'mitigatedExternal',
  ].map((s) => s.toLowerCase()),
);

/** Azure Resource Health names non-regional impact like this; such an issue matches every region. */
const EVERY_REGION = new Set(['global', 'nonregional', 'non-regional']);

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** "West Europe" and "westeurope" are the same region: display name vs. programmatic name. */
const regionKey = (region: string) => region.replace(/\s+/g, '').toLowerCase();

export function isSettled(status: string): boolean {
  return SETTLED_STATUSES.has(status.trim().toLowerCase());
}

export function isActive(issue: HealthIssue, now: Date): boolean {
  if (issue.isResolved || isSettled(issue.status)) return false;
  if (Date.parse(issue.startDateTime) > now.getTime()) return false;
  return issue.endDateTime === undefined || Date.parse(issue.endDateTime) > now.getTime();
}

/** No tenant list (or an empty one) means the issue is not scoped to tenants: it affects everyone. */
function affectsTenant(issue: HealthIssue, tenantId: string): boolean {
  return !issue.tenantIds?.length || issue.tenantIds.some((t) => same(t, tenantId));
}

/** Region only narrows the match for Azure, and only when both sides name one. */
function affectsRegion(issue: HealthIssue, workload: string, region: string | undefined): boolean {
  if (workload !== 'azure' || region === undefined || !issue.regions?.length) return true;
  const wanted = regionKey(region);
  return issue.regions.some((r) => EVERY_REGION.has(regionKey(r)) || regionKey(r) === wanted);
}

/**
 * An Azure issue that names subscriptions touches those and no others: a ticket about another
 * subscription of the same customer must not be held by it.
 */
function affectsSubscription(issue: HealthIssue, workload: string, subscriptionId: string | undefined): boolean {
  if (workload !== 'azure' || !issue.subscriptionIds?.length) return true;
  return subscriptionId !== undefined && issue.subscriptionIds.some((s) => same(s, subscriptionId));
}

export function findKnownIncident(input: IncidentGateInput): IncidentGateResult {
  const { request, customerTenantId, now } = input;
  // Advisories inform; only incidents mean Microsoft is already working the problem.
  const active = input.issues.filter(
    (i) =>
      i.classification === 'incident' &&
      i.workload === request.workload &&
      isActive(i, now) &&
      affectsTenant(i, customerTenantId) &&
      affectsRegion(i, request.workload, request.region) &&
      affectsSubscription(i, request.workload, request.subscriptionId),
  );
  const degraded = input.services.filter((s) => s.workload === request.workload && !isSettled(s.status));

  if (request.service !== undefined) {
    const service = request.service;
    const match = earliest(active.filter((i) => same(i.service, service)));
    if (match) return { kind: 'incident', issue: match };
    // A degraded service without an incident to point at cannot hold the ticket, but is worth a warning.
    const sameService = degraded.filter((s) => same(s.service, service));
    return sameService.length ? { kind: 'possible', services: sameService } : { kind: 'none' };
  }

  const services = dedupe([...degraded, ...active.map((i) => ({ workload: i.workload, service: i.service, status: i.status }))]);
  return services.length ? { kind: 'possible', services } : { kind: 'none' };
}

/** Deterministic pick when several incidents match: the longest-running one, then by id. */
function earliest(issues: SourcedIssue[]): SourcedIssue | undefined {
  return [...issues].sort((a, b) => Date.parse(a.startDateTime) - Date.parse(b.startDateTime) || a.id.localeCompare(b.id))[0];
}

function dedupe(services: ServiceStatus[]): ServiceStatus[] {
  const seen = new Set<string>();
  return services.filter((s) => {
    const key = s.service.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
