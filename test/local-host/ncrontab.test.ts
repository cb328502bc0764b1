import { describe, expect, it } from 'vitest';
import { nextOccurrence, parseSchedule } from '../../shared/local-host/ncrontab.js';

describe('NCRONTAB schedules for local timers', () => {
  it('when the schedule is every 5 minutes, then the next run is the next 5-minute boundary', () => {
    const next = nextOccurrence(parseSchedule('0 */5 * * * *'), new Date('2026-11-25T10:02:13Z'));
    expect(next.toISOString()).toBe('2026-11-25T10:05:00.000Z');
  });

  it('when the schedule is every 30 seconds, then runs fall on :00 and :30', () => {
    const s = parseSchedule('*/30 * * * * *');
    expect(nextOccurrence(s, new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-25T10:00:30.000Z');
    expect(nextOccurrence(s, new Date('2026-11-25T10:00:30Z')).toISOString()).toBe('2026-11-25T10:01:00.000Z');
  });

  it('when the schedule names hours and weekdays, then only those match', () => {
    const next = nextOccurrence(parseSchedule('0 0 9 * * 1-5'), new Date('2026-11-28T12:00:00Z')); // a Saturday
    expect(next.toISOString()).toBe('2026-11-30T09:00:00.000Z'); // Monday
  });

  it('when an expression is malformed, then the error names it', () => {
    expect(() => parseSchedule('*/5 * * * *')).toThrow(/6 fields/);
    expect(() => parseSchedule('0 61 * * * *')).toThrow(/out of range/);
  });
});
