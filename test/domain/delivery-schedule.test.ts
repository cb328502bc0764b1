import { describe, expect, it } from 'vitest';
import { classifyAttempt, nextAttemptDelay, type NextAttempt } from '../../shared/domain/delivery-schedule.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const middle = () => 0.5; // no jitter: 1 + 0.1 * (2 * 0.5 - 1) = 1

const retry = (delayMs: number): NextAttempt => ({ kind: 'retry', delayMs });

describe('classifyAttempt', () => {
  it.each([200, 201, 204, 299])('when the callback answers %i, then the attempt succeeded', (status) => {
    expect(classifyAttempt(status)).toBe('success');
  });

  it.each([null, 100, 199, 301, 302, 304, 307, 308, 400, 410, 429, 500, 503])(
    'when the callback answers %s, then the attempt failed',
    (status) => {
      expect(classifyAttempt(status)).toBe('failure');
    },
  );
});

describe('nextAttemptDelay', () => {
  it('when the endpoint keeps failing, then the waits are 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h and attempt 8 is the last', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => nextAttemptDelay({ attempt, statusCode: 500, random: middle }));
    expect(waits).toEqual([
      retry(5 * S),
      retry(5 * MIN),
      retry(30 * MIN),
      retry(2 * H),
      retry(5 * H),
      retry(10 * H),
      retry(10 * H),
      { kind: 'give-up' },
    ]);
  });

  it.each([
    ['lowest', 0, 0.9 * 5 * MIN],
    ['highest', 0.999_999, 5 * MIN * 1.1],
  ])('when the random draw is the %s, then the wait stays within ±10 %%', (_label, draw, expected) => {
    const next = nextAttemptDelay({ attempt: 2, statusCode: null, random: () => draw });
    expect(next.kind).toBe('retry');
    if (next.kind === 'retry') expect(next.delayMs).toBeCloseTo(expected, -1);
  });

  it('when the default random source is used, then every wait stays within ±10 % of its step', () => {
    for (let i = 0; i < 200; i += 1) {
      const next = nextAttemptDelay({ attempt: 1, statusCode: null });
      expect(next.kind === 'retry' && next.delayMs >= 4500 && next.delayMs <= 5500).toBe(true);
    }
  });

  it.each([1, 4, 8])('when the callback answers 410 on attempt %i, then the endpoint is disabled', (attempt) => {
    expect(nextAttemptDelay({ attempt, statusCode: 410, random: middle })).toEqual({ kind: 'disable-endpoint' });
  });

  it.each([301, 302, 307, 308])('when the callback answers a %i redirect, then it is retried on the schedule', (status) => {
    expect(nextAttemptDelay({ attempt: 1, statusCode: status, random: middle })).toEqual(retry(5 * S));
  });

  it.each([429, 503])('when a %i asks for longer than the schedule, then Retry-After is honoured', (status) => {
    expect(nextAttemptDelay({ attempt: 1, statusCode: status, retryAfterSeconds: 120, random: middle })).toEqual(retry(120 * S));
  });

  it('when a 429 asks for less than the schedule, then the schedule step still applies', () => {
    expect(nextAttemptDelay({ attempt: 3, statusCode: 429, retryAfterSeconds: 1, random: middle })).toEqual(retry(30 * MIN));
  });

  it('when a 503 asks for more than 10 h, then the wait is capped at 10 h', () => {
    expect(nextAttemptDelay({ attempt: 1, statusCode: 503, retryAfterSeconds: 3 * 24 * 3600, random: middle })).toEqual(retry(10 * H));
  });

  it('when a 500 carries Retry-After, then it is ignored (only 429 and 503 throttle)', () => {
    expect(nextAttemptDelay({ attempt: 1, statusCode: 500, retryAfterSeconds: 600, random: middle })).toEqual(retry(5 * S));
  });

  it('when the last attempt is throttled, then the delivery still gives up', () => {
    expect(nextAttemptDelay({ attempt: 8, statusCode: 429, retryAfterSeconds: 60, random: middle })).toEqual({ kind: 'give-up' });
  });

  it.each([0, -1, 1.5])('when the attempt number is %s, then it is a programming error', (attempt) => {
    expect(() => nextAttemptDelay({ attempt, statusCode: 500 })).toThrow(RangeError);
    expect(() => nextAttemptDelay({ attempt, statusCode: 500 })).toThrow(`attempt must be a whole number from 1, got ${attempt}`);
  });

  it('when the attempt succeeded, then asking for a next attempt is a programming error', () => {
    expect(() => nextAttemptDelay({ attempt: 1, statusCode: 204 })).toThrow(RangeError);
    expect(() => nextAttemptDelay({ attempt: 1, statusCode: 204 })).toThrow(/2xx attempt was delivered/);
  });
});
