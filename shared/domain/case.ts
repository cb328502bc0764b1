import type { Severity } from './submission.js';

/**
 * After routing, the case (README "After routing: the case"): Microsoft offers no API to file Microsoft 365, EMS or Dynamics requests for a
 * customer, so a person files them and reports Microsoft's case number back; Azure tickets filed by API start filed.
 */
export const CASE_STATES = ['awaiting-filing', 'filed', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export interface TicketCase {
  state: CaseState | null;
  microsoftCaseId?: string;
  filedBy?: string;
  filedAt?: string;
  closedAt?: string;
  closeReason?: string;
  lastMicrosoftUpdateAt?: string;
  firstMicrosoftResponseAt?: string;
  /** When a filing reminder is due (awaiting-filing only); cleared once sent, so it is never repeated. */
  reminderDueAt?: string;
  /** API-filed Azure cases: when the follow-up may poll next, and the communications already told. */
  followUp?: { nextPollAt: string; seen: string[] };
}

/** Microsoft's case numbers are digits (Microsoft 365: 8–10, Azure: 16) or a GUID-like name; 4–64 of letters, digits and '-'. */
export const MICROSOFT_CASE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/;

/** Sev A waits less: a critical problem not yet filed after a few hours is worth a nudge (FILING_REMINDER_HOURS). */
export function reminderDueAt(routedAt: Date, severity: Severity, hours: { sevA: number; other: number }): string {
  const after = severity === 'critical' ? hours.sevA : hours.other;
  return new Date(routedAt.getTime() + after * 3_600_000).toISOString();
}

export interface TicketTimings {
  receivedToRoutedMs: number | null;
  routedToFiledMs?: number;
  filedToFirstMicrosoftResponseMs?: number;
}

const between = (from: string | undefined, to: string | undefined) =>
  from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : undefined;

export function timingsOf(createdAt: string, routedAt: string | undefined, c: TicketCase | undefined): TicketTimings {
  const routedToFiled = between(routedAt, c?.filedAt);
  const filedToResponse = between(c?.filedAt, c?.firstMicrosoftResponseAt);
  return {
    receivedToRoutedMs: between(createdAt, routedAt) ?? null,
    ...(routedToFiled !== undefined ? { routedToFiledMs: routedToFiled } : {}),
    ...(filedToResponse !== undefined ? { filedToFirstMicrosoftResponseMs: filedToResponse } : {}),
  };
}

/** What callers see: no internal bookkeeping (reminder due, follow-up cursor). */
export function caseView(c: TicketCase | undefined): Omit<TicketCase, 'reminderDueAt' | 'followUp' | 'firstMicrosoftResponseAt'> {
  if (!c) return { state: null };
  const { reminderDueAt: _due, followUp: _followUp, firstMicrosoftResponseAt: _first, ...shown } = c;
  return shown;
}
