import type { Customer, Partner } from '../../directory.js';
import { block, type Reason } from '../../reasons.js';
import { sameId } from '../same-id.js';

/** Before rule 1: the relay only acts for partners in its directory. */
export const partnerNotFound = (partnerTenantId: string): Reason =>
  block(
    'PARTNER_NOT_FOUND',
    `Partner tenant ${partnerTenantId} is not in the relay's directory, so nothing is known about its customers or agents.`,
    'Import or sync the partner into the directory (relay directory import), then resubmit.',
  );

/**
 * Rule 1's privacy half: a partner may learn about a customer only if it is its own tenant, it has a
 * GDAP relationship with it in any status (a pending or expired one included: the partner knows that
 * customer), or one of its subscriptions names the partner as provider or reseller.
 */
export function isRelated(partner: Partner, customer: Customer): boolean {
  if (sameId(partner.tenantId, customer.tenantId)) return true;
  if (customer.relationships.some((r) => sameId(r.partnerTenantId, partner.tenantId))) return true;
  return customer.subscriptions.some((s) => sameId(s.providerTenantId, partner.tenantId) || sameId(s.resellerTenantId, partner.tenantId));
}

/**
 * Rule 1. The same words whether the tenant is unknown or belongs to another partner's customer: the
 * message may name only what the caller sent, so that it cannot tell the two apart.
 */
export const customerNotFound = (customerTenantId: string): Reason =>
  block(
    'CUSTOMER_NOT_FOUND',
    `Customer tenant ${customerTenantId} is not one of your customers in the directory.`,
    'Check the customer tenant id; if the customer is new, refresh the directory (relay directory import or sync) and resubmit.',
  );
