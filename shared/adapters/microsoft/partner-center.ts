import { z } from 'zod';
import type { Subscription } from '../../domain/directory.js';
import type { CspRoles } from './csp-roles.js';
import type { MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';
import { workloadOfOffer } from './workload-map.js';

/**
 * Partner Center, as the partner (app-only or app+user token for api.partnercenter.microsoft.com).
 * Customers: GET /v1/customers?size=… (paged with links.next + MS-ContinuationToken)
 *   https://learn.microsoft.com/partner-center/developer/get-a-list-of-customers
 *   Customer resource (companyProfile.tenantId/domain/companyName, associatedPartnerId):
 *   https://learn.microsoft.com/partner-center/developer/customer-resources
 * Subscriptions: GET /v1/customers/{id}/subscriptions
 *   https://learn.microsoft.com/partner-center/developer/get-all-of-a-customer-s-subscriptions
 *   fields: https://learn.microsoft.com/partner-center/developer/subscription-resources
 * Azure plan → Azure subscription ids: GET /v1/customers/{id}/subscriptions/{id}/azureEntitlements
 *   https://learn.microsoft.com/partner-center/developer/get-a-list-of-azure-entitlements-for-subscription
 */
const pcCustomer = z.looseObject({
  id: z.string(),
  companyProfile: z.looseObject({
    tenantId: z.string().nullish(),
    domain: z.string().nullish(),
    companyName: z.string().nullish(),
  }),
  associatedPartnerId: z.string().nullish(),
});

const pcSubscription = z.looseObject({
  id: z.string(),
  offerId: z.string().nullish(),
  offerName: z.string().nullish(),
  friendlyName: z.string().nullish(),
  entitlementId: z.string().nullish(),
  status: z.string().nullish(),
  billingType: z.string().nullish(),
  isTrial: z.boolean().nullish(),
  isMicrosoftProduct: z.boolean().nullish(),
  publisherName: z.string().nullish(),
  partnerId: z.string().nullish(),
  productType: z.looseObject({ id: z.string() }).nullish(),
});

const pcAzureEntitlement = z.looseObject({ id: z.string(), friendlyName: z.string().nullish(), status: z.string().nullish() });

export interface PartnerCenterCustomer {
  tenantId: string;
  name: string;
  defaultDomain: string;
  associatedPartnerId?: string;
}

export type IsvContact = Omit<NonNullable<Subscription['marketplace']>, 'publisher'>;

export interface SubscriptionContext {
  /** Provider and reseller given the reseller of record (see `cspRoles`). */
  roles: (resellerOfRecord: string | undefined) => CspRoles;
  /** ISV support contacts by product id or publisher name: Partner Center has no field for them (domain-facts §7). */
  isvContacts: Record<string, IsvContact>;
}

/** Nothing to support any more. */
const GONE = new Set(['deleted', 'disabled', 'expired']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guidOrUndefined = (value: string | null | undefined) => (value && GUID.test(value) ? value : undefined);

export class PartnerCenterClient {
  constructor(
    private readonly http: MicrosoftHttp,
    private readonly base: string,
    private readonly scope: string,
  ) {}

  async customers(): Promise<PartnerCenterCustomer[]> {
    const items = await getAllItems(this.http, `${this.base}/v1/customers?size=500`, { scope: this.scope }, 'partner-center', pcCustomer);
    return items.map((c) => {
      const tenantId = c.companyProfile.tenantId || c.id;
      const customer: PartnerCenterCustomer = {
        tenantId,
        name: c.companyProfile.companyName || tenantId,
        defaultDomain: c.companyProfile.domain || tenantId,
      };
      const reseller = guidOrUndefined(c.associatedPartnerId);
      if (reseller) customer.associatedPartnerId = reseller;
      return customer;
    });
  }

  async subscriptions(customer: PartnerCenterCustomer, context: SubscriptionContext): Promise<Subscription[]> {
    const url = `${this.base}/v1/customers/${encodeURIComponent(customer.tenantId)}/subscriptions`;
    const items = await getAllItems(this.http, url, { scope: this.scope }, 'partner-center', pcSubscription);
    const live = items.filter((s) => !GONE.has((s.status ?? '').toLowerCase()));
    const nested = await Promise.all(live.map((s) => this.expand(customer, s, context)));
    return nested.flat();
  }

  /** One Partner Center subscription; an Azure plan becomes one entry per Azure subscription under it. */
  private async expand(
    customer: PartnerCenterCustomer,
    s: z.infer<typeof pcSubscription>,
    context: SubscriptionContext,
  ): Promise<Subscription[]> {
    const offerName = s.offerName || s.friendlyName || s.offerId || 'Unnamed offer';
    const workload = workloadOfOffer({ productTypeId: s.productType?.id, offerName });
    const common = commonFields(customer, s, context, workload, offerName);
    const isAzurePlan = workload === 'azure' && s.productType?.id.toLowerCase() === 'azure' && s.billingType?.toLowerCase() === 'usage';
    if (!isAzurePlan) return [{ id: (workload === 'azure' && s.entitlementId) || s.id, ...common }];
    const url = `${this.base}/v1/customers/${encodeURIComponent(customer.tenantId)}/subscriptions/${encodeURIComponent(s.id)}/azureEntitlements`;
    const entitlements = await getAllItems(this.http, url, { scope: this.scope }, 'partner-center', pcAzureEntitlement);
    return entitlements
      .filter((e) => !GONE.has((e.status ?? '').toLowerCase()))
      .map((e) => ({ id: e.id, ...common, offerName: e.friendlyName || offerName }));
  }
}

function commonFields(
  customer: PartnerCenterCustomer,
  s: z.infer<typeof pcSubscription>,
  context: SubscriptionContext,
  workload: Subscription['workload'],
  offerName: string,
): Omit<Subscription, 'id'> {
  const fields: Omit<Subscription, 'id'> = {
    workload,
    offerName,
    channel: 'csp',
    isTrial: s.isTrial ?? false,
  };
  // Reseller of record: the subscription's partnerId (documented as the reseller's MPN/Partner ID) when it
  // is a tenant id, else the customer's associatedPartnerId.
  const { providerTenantId, resellerTenantId } = context.roles(guidOrUndefined(s.partnerId) ?? customer.associatedPartnerId);
  if (providerTenantId) fields.providerTenantId = providerTenantId;
  if (resellerTenantId) fields.resellerTenantId = resellerTenantId;
  // NCE offer ids are "product:sku:availability"; legacy ones are a single id.
  const productId = s.offerId?.split(':')[0];
  if (productId) fields.productId = productId;
  if (s.isMicrosoftProduct === false) {
    const publisher = s.publisherName || 'Unknown publisher';
    const contact = (productId && context.isvContacts[productId]) || context.isvContacts[publisher];
    fields.marketplace = { publisher, ...contact };
  }
  return fields;
}
