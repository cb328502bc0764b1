import type { HealthSnapshot } from '../domain/health.js';
export type { HealthReader } from './health-source.js';

export interface HeldTicketRef {
  partnerTenantId: string;
  ticketId: string;
}

/** One observed change of an incident: when a snapshot first showed it with this status. */
export interface IncidentStatusChange {
  at: string;
  source: string;
  status: string;
  isResolved: boolean;
}

/** Stored snapshots and the index of tickets held by each incident (rule 9). */
export interface HealthStore {
  /** Replaces the snapshot of its source; returns the ids of issues that were unresolved before and are resolved or gone now. */
  replaceSnapshot(snapshot: HealthSnapshot): Promise<{ resolvedIssueIds: string[] }>;
  recordHold(incidentId: string, ref: HeldTicketRef): Promise<void>;
  heldBy(incidentId: string): Promise<HeldTicketRef[]>;
  /** Incidents that still hold at least one ticket in the index. */
  holdingIncidentIds(): Promise<string[]>;
  /** Removes a ticket from an incident's hold index once it is released (or no longer held). */
  /** Removes these tickets from the incident's hold index (ones already gone are fine). */
  dropHolds(incidentId: string, refs: HeldTicketRef[]): Promise<void>;
  /** Ids of issues unresolved in any stored snapshot, all sources together. */
  activeIssueIds(): Promise<Set<string>>;
  /** Every status the incident was seen in, oldest first (`gone` when a snapshot stopped listing it). */
  incidentHistory(incidentId: string): Promise<IncidentStatusChange[]>;
  ping(): Promise<void>;
}
