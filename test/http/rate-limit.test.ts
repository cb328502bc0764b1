import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../shared/http/rate-limit.js';

/** RATE_LIMIT_PER_MINUTE per tool: a fixed one-minute window, and Retry-After says when it reopens. */
describe('RateLimiter', () => {
  const clock = (start = 1_000_000) => {
    const c = { now: start };
    return { c, limiter: (perMinute: number) => new RateLimiter(perMinute, () => c.now) };
  };

  it('when a tool sends exactly its limit in a minute, then all are allowed and the next one is told to wait', () => {
    const { limiter } = clock();
    const rl = limiter(3);
    expect([rl.take('tool'), rl.take('tool'), rl.take('tool')]).toEqual([null, null, null]);
    expect(rl.take('tool')).toBe(60);
  });

  it('when 45.2 s of the window have passed, then Retry-After is the 15 s left, rounded up', () => {
    const { c, limiter } = clock();
    const rl = limiter(1);
    rl.take('tool');
    c.now += 45_200;
    expect(rl.take('tool')).toBe(15);
  });

  it('when the window ends, then the tool may send its full limit again', () => {
    const { c, limiter } = clock();
    const rl = limiter(2);
    rl.take('tool');
    rl.take('tool');
    c.now += 59_999;
    expect(rl.take('tool')).toBe(1);
    c.now += 1;
    expect([rl.take('tool'), rl.take('tool'), rl.take('tool')]).toEqual([null, null, 60]);
  });

  it('when one tool is over its limit, then another tool is counted on its own', () => {
    const { limiter } = clock();
    const rl = limiter(1);
    rl.take('noisy');
    expect(rl.take('noisy')).not.toBeNull();
    expect(rl.take('quiet')).toBeNull();
  });
});
