import { describe, expect, it } from 'vitest';
import { nextOccurrence, parseSchedule } from '../../shared/local-host/ncrontab.js';

const next = (expression: string, after: string) => nextOccurrence(parseSchedule(expression), new Date(after)).toISOString();

describe('NCRONTAB schedules as Azure Functions timers read them', () => {
  // The examples table of Microsoft Learn "Timer trigger for Azure Functions", section "CRON examples"
  // (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer), from Wednesday 2026-11-25 10:02:13 UTC.
  it.each([
    ['0 */5 * * * *', 'once every five minutes', ['2026-11-25T10:05:00.000Z', '2026-11-25T10:10:00.000Z']],
    ['0 0 * * * *', 'once at the top of every hour', ['2026-11-25T11:00:00.000Z', '2026-11-25T12:00:00.000Z']],
    ['0 0 */2 * * *', 'once every two hours', ['2026-11-25T12:00:00.000Z', '2026-11-25T14:00:00.000Z']],
    ['0 0 9-17 * * *', 'once every hour from 9 AM to 5 PM', ['2026-11-25T11:00:00.000Z', '2026-11-25T12:00:00.000Z']],
    ['0 30 9 * * *', 'at 9:30 AM every day', ['2026-11-26T09:30:00.000Z', '2026-11-27T09:30:00.000Z']],
    ['0 30 9 * * 1-5', 'at 9:30 AM every weekday', ['2026-11-26T09:30:00.000Z', '2026-11-27T09:30:00.000Z', '2026-11-30T09:30:00.000Z']],
    ['0 30 9 * Jan Mon', 'at 9:30 AM every Monday in January', ['2027-01-04T09:30:00.000Z', '2027-01-11T09:30:00.000Z']],
  ])('when the schedule is "%s" (%s), then it fires at the documented times', (expression, _meaning, expected) => {
    const schedule = parseSchedule(expression);
    const runs: string[] = [];
    let after = new Date('2026-11-25T10:02:13Z');
    for (const _ of expected) {
      after = nextOccurrence(schedule, after);
      runs.push(after.toISOString());
    }
    expect(runs).toEqual(expected);
  });

  it('when names are written in full or in any case, then they mean the same as the three-letter form', () => {
    const expected = next('0 30 9 * Jan Mon', '2026-11-25T10:02:13Z');
    expect(next('0 30 9 * JANUARY monday', '2026-11-25T10:02:13Z')).toBe(expected);
    expect(next('0 0 9 * * Mon-Fri', '2026-11-28T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z'); // Saturday → Monday
  });

  it('when a run is due exactly now, then the next one is the following occurrence', () => {
    expect(next('*/30 * * * * *', '2026-11-25T10:00:00Z')).toBe('2026-11-25T10:00:30.000Z');
    expect(next('*/30 * * * * *', '2026-11-25T10:00:30Z')).toBe('2026-11-25T10:01:00.000Z');
  });

  it('when both day and day-of-week are given, then only days matching both fire, as NCRONTAB does', () => {
    // The 1st that is a Monday: 2027-02-01 (standard cron would also fire on every other Monday and every 1st).
    expect(next('0 0 9 1 * Mon', '2026-11-25T10:02:13Z')).toBe('2027-02-01T09:00:00.000Z');
  });

  it.each([
    ['*/5 * * * *', /needs 6 fields/],
    ['0 0 9 * * * *', /needs 6 fields/],
    ['0 61 * * * *', /61/],
    ['0 0 9 * * Funday', /"Funday" is not a day-of-week name/],
    ['0 0 9 Mon * *', /"Mon" is not a day name/],
    ['0 0 9 L * *', /day field "L"/],
    ['0 0 9 * * 1#2', /day-of-week field "1#2"/],
    ['0 0 9 ? * *', /day field "\?"/],
    ['0 0 9 * * 7', /day-of-week is 0-6/],
    ['00:05:00', /needs 6 fields/], // a TimeSpan: Azure takes it on App Service plans only; this relay does not
    ['@daily', /needs 6 fields/],
  ])('when the expression is "%s", which Azure would not run, then it is refused with a message naming it', (expression, message) => {
    expect(() => parseSchedule(expression)).toThrow(message);
    expect(() => parseSchedule(expression)).toThrow(`NCRONTAB "${expression}"`);
  });
});
