import type { Customer } from '../directory.js';
import type { HealthIssue } from '../health.js';

const lower = (ids: readonly string[] | undefined) => new Set((ids ?? []).map((id) => id.toLowerCase()));

/**
 * Which of a partner's customers an issue touches (README "Know before you file": fan-out): a tenant-scoped issue the customers it
 * names; a global one every customer with a subscription of that workload; an Azure issue naming subscriptions only
 * the customers that hold one of them. Same scoping as the known-incident gate (rule 9).
 */
export function affectedCustomers(issue: HealthIssue, customers: readonly Customer[]): Customer[] {
  const tenants = lower(issue.tenantIds);
  const subscriptions = issue.workload === 'azure' ? lower(issue.subscriptionIds) : new Set<string>();
  return customers.filter((c) => {
    if (tenants.size > 0 && !tenants.has(c.tenantId.toLowerCase())) return false;
    const ofWorkload = c.subscriptions.filter((s) => s.workload === issue.workload);
    if (subscriptions.size > 0) return ofWorkload.some((s) => subscriptions.has(s.id.toLowerCase()));
    return tenants.size > 0 || ofWorkload.length > 0;
  });
}
