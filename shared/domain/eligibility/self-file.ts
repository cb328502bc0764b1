import type { Customer } from '../directory.js';
import type { Workload } from '../submission.js';

/**
 * When the partner cannot file (rules 5–8): may the customer open the request with Microsoft itself?
 * This is the Microsoft 365 admin center's rule — a *paid* subscription bought directly from Microsoft
 * for the workload lets the customer file; only CSP or only a trial leaves them with their partner — so
 * it is not answered for Azure (null). Nor is it when the directory cannot see direct purchases (the
 * Microsoft source reads CSP subscriptions only): absence there proves nothing, so null, never false.
 */
export function customerCanSelfFile(customer: Customer, workload: Workload): boolean | null {
  if (workload === 'azure') return null;
  if (customer.subscriptions.some((s) => s.workload === workload && s.channel === 'direct' && !s.isTrial)) return true;
  return customer.directSubscriptionsKnown === false ? null : false;
}
