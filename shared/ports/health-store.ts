import type { HealthSnapshot } from '../domain/health.js';
export type { HealthReader } from './health-source.js';

export interface HeldTicketRef {
  partnerTenantId: string;
  ticketId: string;
}

/** Stored snapshots and the index of tickets held by each incident (rule 9). */
export interface HealthStore {
  /** Replaces the snapshot of its source; returns the ids of issues that were unresolved before and are resolved or gone now. */
  replaceSnapshot(snapshot: HealthSnapshot): Promise<{ resolvedIssueIds: string[] }>;
  recordHold(incidentId: string, ref: HeldTicketRef): Promise<void>;
  heldBy(incidentId: string): Promise<HeldTicketRef[]>;
  ping(): Promise<void>;
}
