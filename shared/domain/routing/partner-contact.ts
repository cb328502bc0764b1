import type { Partner } from '../directory.js';
import type { ServiceRequest } from '../submission.js';

/**
 * Who Microsoft talks to: always the partner — the staff contact the tool sent, else the partner's
 * profile (the partner's contact, never the customer's). The request's `customerContact` is deliberately not an input
 * here, so it cannot leak into a Microsoft-bound payload.
 */
export interface ResolvedPartnerContact {
  name: string;
  email: string;
  phone?: string;
  preferredContactMethod: 'email' | 'phone';
  /** Windows time-zone name, as the Azure Support API wants. */
  timeZone: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  language: string;
}

export const CONTACT_DEFAULTS = { timeZone: 'UTC', country: 'usa', language: 'en-us' } as const;

export function resolvePartnerContact(request: Pick<ServiceRequest, 'contact'>, partner: Pick<Partner, 'contact'>): ResolvedPartnerContact {
  const given = request.contact;
  const base = given ?? partner.contact;
  const phone = base.phone;
  return {
    name: base.name,
    email: base.email,
    ...(phone !== undefined ? { phone } : {}),
    // Phone as the method without a number is unusable (the API requires the number then): fall back to e-mail.
    preferredContactMethod: given?.preferredContactMethod === 'phone' && phone !== undefined ? 'phone' : 'email',
    timeZone: given?.timeZone ?? CONTACT_DEFAULTS.timeZone,
    country: (given?.country ?? CONTACT_DEFAULTS.country).toLowerCase(),
    language: (given?.language ?? CONTACT_DEFAULTS.language).toLowerCase(),
  };
}

/**
 * The API needs first and last names. The last word is the last name; a single-word name fills both,
 * which a support engineer still reads correctly (a placeholder such as "-" would not be).
 */
export function splitName(fullName: string): { firstName: string; lastName: string } {
  const words = fullName.trim().split(/\s+/);
  if (words.length < 2) return { firstName: fullName.trim(), lastName: fullName.trim() };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
}

/** Sev A needs a contact Microsoft can phone at any hour: a filing contact without a number cannot be. */
export function contactReach(request: Pick<ServiceRequest, 'contact'>, partner: Pick<Partner, 'contact'>): { reachable24x7: boolean } {
  return { reachable24x7: resolvePartnerContact(request, partner).phone !== undefined };
}
