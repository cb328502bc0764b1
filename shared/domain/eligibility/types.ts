import type { Customer, Partner } from '../directory.js';
import type { Reason } from '../reasons.js';
import type { Channel, IsvContact, PlanReference } from '../route.js';
import type { ServiceRequest } from '../submission.js';

/** Everything rules 1–8 and 10 look at; gathered by point reads, so the rules themselves stay pure. */
export interface EligibilityInput {
  partnerTenantId: string;
  request: ServiceRequest;
  /** The filing partner, null when it is not in the directory. */
  partner: Partner | null;
  customer: Customer | null;
  now: Date;
}

/** Which channel the rules point at; the router turns it into a concrete route. */
export type ChannelHint = Channel;

export interface EligibilityResult {
  decision: 'eligible' | 'ineligible';
  /** Ordered: the blocking reason (if any) first in rule order, then every warning. */
  reasons: Reason[];
  channel: ChannelHint;
  /** Rules 5–8 failed: may the customer open the request with Microsoft themselves? null when not applicable. */
  customerCanSelfFile: boolean | null;
  /** indirect-provider channel: the tenant to forward to. */
  providerTenantId?: string;
  isv?: IsvContact;
  plan?: PlanReference;
  /** The matched agent (for the partner contact on the Microsoft payload). */
  agent?: { userPrincipalName: string; objectId: string };
}
