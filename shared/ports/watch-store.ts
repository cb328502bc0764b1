import type { PartnerEvent } from '../pipeline/partner-events.js';

/**
 * What the watches (access, incidents) last found per partner, so that only a *change* is told: one record per
 * partner and subject (a customer for access, an incident for incidents).
 */
export type WatchScope = 'access' | 'incident';

export interface WatchRecord {
  /** The customer tenant id (access) or the incident id (incident). */
  subject: string;
  /** What was found, in a form where equal means "nothing changed" (no dates that move by themselves). */
  fingerprint: string;
  /** The last event this subject produced; re-offered on every run until each tool got it or gave up. */
  event: Omit<PartnerEvent, 'partnerTenantId'> | null;
  /** Watch-specific details kept for the next comparison (e.g. the incident's source and status). */
  state: Record<string, unknown>;
  updatedAt: string;
}

export interface WatchStore {
  /** Every record of one partner and scope: one partition read, paged. */
  list(scope: WatchScope, partnerTenantId: string): Promise<WatchRecord[]>;
  save(scope: WatchScope, partnerTenantId: string, record: WatchRecord): Promise<void>;
}
