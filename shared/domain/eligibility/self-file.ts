import type { Customer } from '../directory.js';
import type { Workload } from '../submission.js';

/**
 * When the partner cannot file (rules 5–8): a customer with a *paid* subscription bought directly
 * from Microsoft for this workload may open the request with Microsoft; with only CSP or only a
 * trial, they can only go through their CSP partner.
 */
export function customerCanSelfFile(customer: Customer, workload: Workload): boolean {
  return customer.subscriptions.some((s) => s.workload === workload && s.channel === 'direct' && !s.isTrial);
}
