import type { Customer, Partner, Relationship } from '../../directory.js';
import { block, warn, type Reason } from '../../reasons.js';
import { sameId } from '../same-id.js';

const DAY_MS = 86_400_000;
/** Partner Center starts its own expiry notices 30 days out; warn from the same point. */
const EXPIRY_NOTICE_DAYS = 30;
/** Requested but not granted yet: the customer has not approved, or Microsoft is still activating it. */
const AWAITING_APPROVAL = new Set<Relationship['status']>(['created', 'approvalPending', 'approved', 'activating']);

/** A relationship with an end date: every active one has it (Graph sets it on approval). */
export type DatedRelationship = Relationship & { endDateTime: string };

const endsAt = (r: DatedRelationship): number => Date.parse(r.endDateTime);
const isActive = (r: Relationship, now: Date): r is DatedRelationship =>
  r.status === 'active' && r.endDateTime !== undefined && now.getTime() < Date.parse(r.endDateTime);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const partnersRelationships = (customer: Customer, partner: Partner): Relationship[] =>
  customer.relationships.filter((r) => sameId(r.partnerTenantId, partner.tenantId));

/** Rule 5: the partner's GDAP relationships with this customer that are usable right now. */
export function activeRelationships(customer: Customer, partner: Partner, now: Date): DatedRelationship[] {
  return partnersRelationships(customer, partner).filter((r): r is DatedRelationship => isActive(r, now));
}

/**
 * Rule 5's refusal when nothing is active. A relationship still waiting for the customer's approval
 * needs a different fix than none at all: asking for a new one would only add a second pending request.
 */
export function noActiveGdap(customer: Customer, partner: Partner, now: Date): Reason {
  const mine = partnersRelationships(customer, partner);
  const pending = mine
    .filter((r) => AWAITING_APPROVAL.has(r.status))
    .map((r) => r.id)
    .sort();
  if (pending.length > 0) {
    return block(
      'GDAP_PENDING_APPROVAL',
      `Your GDAP relationship request ${pending.join(', ')} with ${customer.name} is not active yet: it is waiting for the customer's approval (or for Microsoft to activate it after approval).`,
      `The customer's Global Administrator must approve the relationship request link you sent (Partner Center > Customers > ${customer.name} > Admin relationships shows it); filing works once the relationship is active. Do not request a new relationship.`,
    );
  }
  const found = mine
    .map((r) => (r.status === 'active' && r.endDateTime ? `${r.id} ended ${day(Date.parse(r.endDateTime))}` : `${r.id} is ${r.status}`))
    .sort();
  const situation = found.length > 0 ? `none is active and unexpired (${found.join('; ')})` : 'there is none';
  return block(
    'NO_ACTIVE_GDAP',
    `Filing for ${customer.name} needs an active GDAP relationship between ${partner.name} and the customer; ${situation} as of ${day(now.getTime())}.`,
    `Request a new GDAP relationship for ${customer.name} in Partner Center with the Service Support Administrator role, and have the customer approve it.`,
  );
}

/** Of the relationships access rests on, the one that ends last (ties broken by id), or undefined. */
export function lastToEnd(relationships: readonly DatedRelationship[]): DatedRelationship | undefined {
  return [...relationships].sort((a, b) => endsAt(b) - endsAt(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/**
 * Rule 5's warning, about the relationships the partner's access actually rests on: access lasts as
 * long as the longest of them, so warn only when even that one ends within the notice period.
 */
export function gdapExpiring(relationships: readonly DatedRelationship[], now: Date): Reason[] {
  if (relationships.some((r) => r.autoExtend === true)) return [];
  const last = lastToEnd(relationships);
  if (!last) return [];
  const daysLeft = Math.ceil((endsAt(last) - now.getTime()) / DAY_MS);
  if (daysLeft > EXPIRY_NOTICE_DAYS) return [];
  return [
    warn(
      'GDAP_EXPIRING',
      `GDAP relationship ${last.id} ends on ${day(endsAt(last))} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'}) and is not set to auto-extend; filing for this customer stops working then.`,
      'Turn on auto-extend for the relationship (not possible while it includes Global Administrator) or request a new one before it ends.',
    ),
  ];
}
