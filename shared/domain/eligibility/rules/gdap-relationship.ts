import type { Customer, Partner, Relationship } from '../../directory.js';
import { block, warn, type Reason } from '../../reasons.js';
import { sameId } from '../same-id.js';

const DAY_MS = 86_400_000;
/** Partner Center starts its own expiry notices 30 days out; warn from the same point. */
const EXPIRY_NOTICE_DAYS = 30;

const endsAt = (r: Relationship): number => Date.parse(r.endDateTime);
const isActive = (r: Relationship, now: Date): boolean => r.status === 'active' && now.getTime() < endsAt(r);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Rule 5: the partner's GDAP relationships with this customer that are usable right now. */
export function activeRelationships(customer: Customer, partner: Partner, now: Date): Relationship[] {
  return customer.relationships.filter((r) => sameId(r.partnerTenantId, partner.tenantId) && isActive(r, now));
}

export function noActiveGdap(customer: Customer, partner: Partner, now: Date): Reason {
  const found = customer.relationships
    .filter((r) => sameId(r.partnerTenantId, partner.tenantId))
    .map((r) => (r.status === 'active' ? `${r.id} ended ${day(endsAt(r))}` : `${r.id} is ${r.status}`))
    .sort();
  const situation = found.length > 0 ? `none is active and unexpired (${found.join('; ')})` : 'there is none';
  return block(
    'NO_ACTIVE_GDAP',
    `Filing for ${customer.name} needs an active GDAP relationship between ${partner.name} and the customer; ${situation} as of ${day(now.getTime())}.`,
    `Request a new GDAP relationship for ${customer.name} in Partner Center with the Service Support Administrator role, and have the customer approve it.`,
  );
}

/**
 * Rule 5's warning, about the relationships the partner's access actually rests on: access lasts as
 * long as the longest of them, so warn only when even that one ends within the notice period.
 */
export function gdapExpiring(relationships: readonly Relationship[], now: Date): Reason[] {
  if (relationships.length === 0 || relationships.some((r) => r.autoExtend === true)) return [];
  const last = [...relationships].sort((a, b) => endsAt(b) - endsAt(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
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
