import { describe, expect, it } from 'vitest';
import { caseView, MICROSOFT_CASE_ID, reminderDueAt, timingsOf } from '../../shared/domain/case.js';

// README "After routing: the case": a hand-off not filed after FILING_REMINDER_HOURS (4 for Sev A, 24 otherwise) gets one
// reminder; the view shows the case and how long each step took.
const HOURS = { sevA: 4, other: 24 };
const ROUTED = new Date('2025-06-01T12:00:00.000Z');

describe('filing reminder', () => {
  it('when a critical request is routed, then the reminder is due after the Sev A hours', () => {
    expect(reminderDueAt(ROUTED, 'critical', HOURS)).toBe('2025-06-01T16:00:00.000Z');
  });

  it.each(['high', 'moderate', 'low'] as const)(
    'when a %s request is routed, then the reminder is due after the other hours',
    (severity) => {
      expect(reminderDueAt(ROUTED, severity, HOURS)).toBe('2025-06-02T12:00:00.000Z');
    },
  );
});

describe('case timings', () => {
  it('when the ticket was routed, filed and answered, then each step is measured in milliseconds', () => {
    expect(
      timingsOf('2025-06-01T11:59:58.000Z', '2025-06-01T12:00:00.000Z', {
        state: 'filed',
        filedAt: '2025-06-01T13:00:00.000Z',
        firstMicrosoftResponseAt: '2025-06-01T13:30:00.000Z',
      }),
    ).toEqual({ receivedToRoutedMs: 2000, routedToFiledMs: 3_600_000, filedToFirstMicrosoftResponseMs: 1_800_000 });
  });

  it('when a step has not happened yet, then its timing is left out (routing: null)', () => {
    expect(timingsOf('2025-06-01T12:00:00.000Z', undefined, undefined)).toStrictEqual({ receivedToRoutedMs: null });
    expect(timingsOf('2025-06-01T12:00:00.000Z', '2025-06-01T12:00:01.000Z', { state: 'awaiting-filing' })).toStrictEqual({
      receivedToRoutedMs: 1000,
    });
    expect(timingsOf('2025-06-01T12:00:00.000Z', undefined, { state: 'filed', filedAt: '2025-06-01T13:00:00.000Z' })).toStrictEqual({
      receivedToRoutedMs: null,
    });
  });

  it('when a case number is recorded with a time before routing (clocks apart), then the timing is 0, never negative', () => {
    expect(
      timingsOf('2025-06-01T12:00:00.000Z', '2025-06-01T12:00:05.000Z', { state: 'filed', filedAt: '2025-06-01T12:00:04.000Z' }),
    ).toEqual({ receivedToRoutedMs: 5000, routedToFiledMs: 0 });
  });
});

describe('case view', () => {
  it('when a ticket has no case, then the view says state null', () => {
    expect(caseView(undefined)).toEqual({ state: null });
  });

  it('when a case has internal bookkeeping, then the view shows the case without it', () => {
    expect(
      caseView({
        state: 'filed',
        microsoftCaseId: '2506010040001234',
        filedBy: 'dana@contoso-cloud.example',
        filedAt: '2025-06-01T13:00:00.000Z',
        lastMicrosoftUpdateAt: '2025-06-01T14:00:00.000Z',
        firstMicrosoftResponseAt: '2025-06-01T13:30:00.000Z',
        reminderDueAt: '2025-06-02T12:00:00.000Z',
        followUp: { nextPollAt: '2025-06-01T14:15:00.000Z', seen: ['m1'] },
      }),
    ).toEqual({
      state: 'filed',
      microsoftCaseId: '2506010040001234',
      filedBy: 'dana@contoso-cloud.example',
      filedAt: '2025-06-01T13:00:00.000Z',
      lastMicrosoftUpdateAt: '2025-06-01T14:00:00.000Z',
    });
  });
});

describe("Microsoft's case number", () => {
  it.each(['12345678', '2506010040001234', 'A1b2-C3d4', 'x'.repeat(64)])('when it is %s, then it is accepted', (id) => {
    expect(MICROSOFT_CASE_ID.test(id)).toBe(true);
  });

  it.each(['123', '-1234', '1234 5678', '1234_5678', 'x'.repeat(65), 'case 1234'])('when it is %j, then it is refused', (id) => {
    expect(MICROSOFT_CASE_ID.test(id)).toBe(false);
  });
});
