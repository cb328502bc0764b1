import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../shared/adapters/webhooks/retry-after.js';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', '120', 120],
    ['zero', '0', 0],
    ['seconds with spaces', ' 30 ', 30],
    ['an IMF-fixdate 90 s ahead', 'Sun, 01 Mar 2026 12:01:30 GMT', 90],
    ['an HTTP date in the past', 'Sun, 01 Mar 2026 11:00:00 GMT', 0],
    ['an obsolete RFC 850 date', 'Sunday, 01-Mar-26 12:00:10 GMT', 10],
  ])('when the value is %s, then it asks for that many seconds', (_label, value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });

  it.each([undefined, '', 'soon', '1.5', '-5', '12abc'])('when the value is %j, then it is ignored', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
