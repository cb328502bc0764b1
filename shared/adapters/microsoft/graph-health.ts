import { z } from 'zod';
import type { HealthIssue, ServiceStatus } from '../../domain/health.js';
import { scopeFor } from './cloud-endpoints.js';
import type { MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';
import { workloadOfGraphService } from './workload-map.js';

/**
 * Microsoft 365 service health for one customer tenant (token for that tenant, via GDAP).
 * GET /admin/serviceAnnouncement/healthOverviews — https://learn.microsoft.com/graph/api/serviceannouncement-list-healthoverviews
 * GET /admin/serviceAnnouncement/issues — https://learn.microsoft.com/graph/api/serviceannouncement-list-issues
 *   (serviceHealthIssue: https://learn.microsoft.com/graph/api/resources/servicehealthissue)
 * The docs' examples answer in PascalCase ("ServiceRestored", "Incident"), live tenants in camelCase:
 * both are normalised to the camelCase vocabulary of docs/openapi.json (HealthSnapshot).
 */
const graphService = z.looseObject({ service: z.string().min(1), status: z.string().min(1) });
const graphIssue = z.looseObject({
  id: z.string().min(1),
  title: z.string().nullish(),
  service: z.string().min(1),
  classification: z.string().nullish(),
  status: z.string().min(1),
  startDateTime: z.string(),
  endDateTime: z.string().nullish(),
  isResolved: z.boolean(),
});

export interface TenantGraphHealth {
  services: ServiceStatus[];
  issues: HealthIssue[];
}

export async function graphHealthFor(http: MicrosoftHttp, graphBase: string, tenantId: string): Promise<TenantGraphHealth> {
  const target = { scope: scopeFor(graphBase), tenantId };
  const base = `${graphBase}/v1.0/admin/serviceAnnouncement`;
  const [services, issues] = await Promise.all([
    getAllItems(http, `${base}/healthOverviews`, target, 'graph', graphService),
    getAllItems(http, `${base}/issues`, target, 'graph', graphIssue),
  ]);
  return {
    services: services.map((s) => ({ workload: workloadOfGraphService(s.service), service: s.service, status: camel(s.status) })),
    issues: issues.map((i) => {
      const issue: HealthIssue = {
        id: i.id,
        workload: workloadOfGraphService(i.service),
        service: i.service,
        classification: i.classification?.toLowerCase() === 'incident' ? 'incident' : 'advisory',
        status: camel(i.status),
        title: i.title || i.id,
        startDateTime: i.startDateTime,
        isResolved: i.isResolved,
        // Read with this tenant's token: Microsoft says it affects this tenant.
        tenantIds: [tenantId],
      };
      if (i.endDateTime) issue.endDateTime = i.endDateTime;
      return issue;
    }),
  };
}

const camel = (value: string) => value.charAt(0).toLowerCase() + value.slice(1);
