import type { Agent, Customer, Subscription } from '../../directory.js';
import { warn, type Reason } from '../../reasons.js';
import type { IsvContact } from '../../route.js';
import type { ServiceRequest } from '../../submission.js';
import { eligible } from '../result.js';
import { canonical, pickFirst, sameId } from '../same-id.js';
import type { EligibilityResult } from '../types.js';

type MarketplaceSubscription = Subscription & { marketplace: NonNullable<Subscription['marketplace']> };

const hasContact = (m: MarketplaceSubscription['marketplace']) => Boolean(m.supportUrl || m.supportEmail || m.supportPhone);

/**
 * Rule 3: the request names a commercial-marketplace product (by productId, or by the Azure
 * subscription it is about). When several entries match, one with a contact wins, so the partner
 * gets a way to reach the publisher; the rest is a deterministic tie-break.
 */
export function findMarketplaceProduct(customer: Customer, request: ServiceRequest): MarketplaceSubscription | undefined {
  const marketplace = customer.subscriptions.filter((s): s is MarketplaceSubscription => s.marketplace !== undefined);
  const byProduct = marketplace.filter(
    (s) => request.productId !== undefined && s.productId?.toLowerCase() === request.productId.toLowerCase(),
  );
  const candidates = byProduct.length > 0 ? byProduct : marketplace.filter((s) => sameId(s.id, request.subscriptionId));
  return pickFirst(candidates, (s) => `${hasContact(s.marketplace) ? 0 : 1} ${canonical(s)}`);
}

/**
 * Rule 3's answer. MARKETPLACE_PRODUCT is a *warning* on an eligible decision: Microsoft will not
 * take the case, but the publisher will, and `isv-support` with the contact is the route the
 * partner needs. A block would mean channel `none` and no contact.
 */
export function isvSupport(subscription: MarketplaceSubscription, agent: Agent | undefined): EligibilityResult {
  const { publisher, supportUrl, supportEmail, supportPhone } = subscription.marketplace;
  const isv: IsvContact = {
    publisher,
    ...(supportUrl ? { supportUrl } : {}),
    ...(supportEmail ? { supportEmail } : {}),
    ...(supportPhone ? { supportPhone } : {}),
  };
  const contact = [supportUrl, supportEmail, supportPhone].filter(Boolean).join(', ');
  const reasons: Reason[] = [
    warn(
      'MARKETPLACE_PRODUCT',
      `"${subscription.offerName}" is a commercial-marketplace product from ${publisher}; Microsoft does not support it, so the request goes to the publisher.`,
      contact ? `Contact ${publisher} support: ${contact}.` : undefined,
    ),
  ];
  if (!contact) {
    reasons.push(
      warn(
        'ISV_CONTACT_UNKNOWN',
        `No support contact for ${publisher} is on file.`,
        `Find the support link, e-mail or phone on the product's page in the commercial marketplace, contact ${publisher}, and add the contact to the directory.`,
      ),
    );
  }
  return eligible('isv-support', reasons, agent, { isv });
}
