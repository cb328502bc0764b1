import { block, type Reason } from '../../reasons.js';

/** Before rule 1: the relay only acts for partners in its directory. */
export const partnerNotFound = (partnerTenantId: string): Reason =>
  block(
    'PARTNER_NOT_FOUND',
    `Partner tenant ${partnerTenantId} is not in the relay's directory, so nothing is known about its customers or agents.`,
    'Import or sync the partner into the directory (relay directory import), then resubmit.',
  );

/** Rule 1. */
export const customerNotFound = (customerTenantId: string): Reason =>
  block(
    'CUSTOMER_NOT_FOUND',
    `Customer tenant ${customerTenantId} is not in the directory.`,
    'Check the customer tenant id; if the customer is new, refresh the directory (relay directory import or sync) and resubmit.',
  );
