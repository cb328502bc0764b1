import type { Partner, Subscription } from '../../domain/directory.js';

/** Who provides and who resells one CSP subscription, as the directory model records it. */
export type CspRoles = Pick<Subscription, 'providerTenantId' | 'resellerTenantId'>;

export interface CspRolesInput {
  /** The partner running the relay (PARTNER_TENANT_ID) and what PARTNER_PROFILE says it is. */
  partnerTenantId: string;
  partnerType: Partner['type'];
  profileIndirectProviderTenantId?: string | undefined;
  /**
   * Indirect providers Partner Center names for this customer (GET /v1/customers/{id}/relationships,
   * read by an indirect reseller); undefined when it was not asked or could not answer.
   */
  customerIndirectProviders?: readonly string[] | undefined;
  /** Reseller of record: the subscription's `partnerId` or the customer's `associatedPartnerId`, when a tenant id. */
  resellerOfRecord?: string | undefined;
}

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Provider and reseller of a CSP subscription, from Partner Center data and the partner's CSP role —
 * never simply "whoever runs the relay" (only the provider may file Azure support, docs/rules.md, rule 4):
 * - direct / indirect provider: it bought the subscriptions it lists from Microsoft, so it is their provider;
 *   the reseller is the reseller of record;
 * - indirect reseller: it is the reseller and never the provider; the provider is the indirect provider
 *   Partner Center names for the customer, else the one in the profile, else unknown;
 * - advisor: sells no CSP subscription, so it is neither.
 */
export function cspRoles(input: CspRolesInput): CspRoles {
  const { partnerTenantId: self, partnerType } = input;
  const roles: CspRoles = {};
  if (partnerType === 'indirect-reseller') {
    roles.resellerTenantId = self;
    const provider = indirectProvider(input);
    if (provider && !same(provider, self)) roles.providerTenantId = provider;
    return roles;
  }
  if (partnerType === 'direct' || partnerType === 'indirect-provider') roles.providerTenantId = self;
  const reseller = input.resellerOfRecord;
  // Data naming an advisor as reseller of record contradicts its role: not recorded.
  if (reseller && !(partnerType === 'advisor' && same(reseller, self))) roles.resellerTenantId = reseller;
  return roles;
}

/**
 * Partner Center's answer wins over configuration. Several providers for one customer cannot be told
 * apart per subscription: the profile's one if Partner Center lists it, else unknown rather than a guess.
 */
function indirectProvider(input: CspRolesInput): string | undefined {
  const named = (input.customerIndirectProviders ?? []).filter((id) => !same(id, input.partnerTenantId));
  const profile = input.profileIndirectProviderTenantId;
  if (named.length === 1) return named[0];
  if (named.length > 1) return named.find((id) => same(id, profile));
  return profile;
}
