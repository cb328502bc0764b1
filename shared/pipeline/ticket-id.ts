import { randomBytes } from 'node:crypto';

/**
 * Ticket ids sort newest first (a descending time prefix), so listing a partner's tickets by RowKey needs no
 * secondary index. Opaque to callers.
 */
export function newTicketId(now: Date): string {
  const descending = (Number.MAX_SAFE_INTEGER - now.getTime()).toString(36).padStart(11, '0');
  return `tk_${descending}${randomBytes(8).toString('hex')}`;
}

export function newCorrelationId(): string {
  return randomBytes(12).toString('hex');
}
