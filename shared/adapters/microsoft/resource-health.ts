import { z } from 'zod';
import type { HealthIssue } from '../../domain/health.js';
import { scopeFor } from './cloud-endpoints.js';
import type { MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';

/**
 * Azure service health events for one subscription (token for the customer tenant).
 * GET /subscriptions/{id}/providers/Microsoft.ResourceHealth/events?api-version=2022-10-01
 *   https://learn.microsoft.com/rest/api/resourcehealth/events/list-by-subscription-id
 *   (example: azure-rest-api-specs …/Microsoft.ResourceHealth/stable/2022-10-01/examples/Events_ListBySubscriptionId.json).
 * `name` is the tracking id; `eventType` ∈ ServiceIssue, PlannedMaintenance, HealthAdvisory, RCA,
 * EmergingIssues, SecurityAdvisory; `status` ∈ Active, Resolved.
 */
const azureEvent = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    eventType: z.string().nullish(),
    status: z.string().nullish(),
    title: z.string().nullish(),
    impactStartTime: z.string().nullish(),
    impactMitigationTime: z.string().nullish(),
    lastUpdateTime: z.string().nullish(),
    impact: z
      .array(
        z.looseObject({
          impactedService: z.string().nullish(),
          impactedRegions: z.array(z.looseObject({ impactedRegion: z.string().nullish() })).nullish(),
        }),
      )
      .nullish(),
  }),
});

/** Outages; the other event types announce or explain rather than report a live fault. */
const INCIDENT_TYPES = new Set(['serviceissue', 'emergingissues']);

export async function azureEventsFor(
  http: MicrosoftHttp,
  armBase: string,
  tenantId: string,
  subscriptionId: string,
): Promise<HealthIssue[]> {
  const url = `${armBase}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.ResourceHealth/events?api-version=2022-10-01`;
  const events = await getAllItems(http, url, { scope: scopeFor(armBase), tenantId }, 'arm', azureEvent);
  return events.flatMap(({ name, properties: p }) => {
    const start = p.impactStartTime || p.lastUpdateTime;
    if (!start) return [];
    const status = (p.status || 'Active').toLowerCase();
    const impacts = p.impact?.length ? p.impact : [{ impactedService: undefined, impactedRegions: [] }];
    // HealthIssue names one service: an event touching several becomes one issue per service.
    return impacts.map((impact): HealthIssue => {
      const service = impact.impactedService || 'Azure';
      const issue: HealthIssue = {
        id: impacts.length === 1 ? name : `${name}/${service}`,
        workload: 'azure',
        service,
        classification: INCIDENT_TYPES.has((p.eventType ?? '').toLowerCase()) ? 'incident' : 'advisory',
        status,
        title: p.title || name,
        startDateTime: start,
        isResolved: status === 'resolved',
        tenantIds: [tenantId],
        // Resource Health lists the events that touch *this* subscription: the customer's other
        // subscriptions are affected only if their own lists carry the event too (merged by the caller).
        subscriptionIds: [subscriptionId],
      };
      if (p.impactMitigationTime) issue.endDateTime = p.impactMitigationTime;
      const regions = [...new Set((impact.impactedRegions ?? []).flatMap((r) => (r.impactedRegion ? [r.impactedRegion] : [])))];
      if (regions.length > 0) issue.regions = regions;
      return issue;
    });
  });
}
