// When to try a partner's callback again (docs/openapi.json (webhooks)). The schedule is Svix's: a receiver that is
// down for a deploy recovers within seconds to minutes, one down for a day still gets its events.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Wait before attempt n + 2 after attempt n + 1 failed (index n); 7 retries after the first try. */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** ±10 %, so endpoints that failed together are not all retried in the same second. */
export const JITTER_RATIO = 0.1;
/** A receiver's `Retry-After` can stretch a wait up to this, never further. */
export const MAX_RETRY_AFTER_MS = 10 * HOUR;

export type AttemptOutcome = 'success' | 'failure';

/** Only 2xx counts as delivered; 3xx is a failure because redirects are never followed. */
export function classifyAttempt(statusCode: number | null): AttemptOutcome {
  return statusCode !== null && statusCode >= 200 && statusCode <= 299 ? 'success' : 'failure';
}

export type NextAttempt = { kind: 'retry'; delayMs: number } | { kind: 'give-up' } | { kind: 'disable-endpoint' };

export interface FailedAttempt {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** `null` when no HTTP answer came (timeout, refused URL, network error). */
  statusCode: number | null;
  retryAfterSeconds?: number;
  /** Uniform in [0, 1); injectable so tests pin the jitter. */
  random?: () => number;
}

export function nextAttemptDelay({ attempt, statusCode, retryAfterSeconds, random = Math.random }: FailedAttempt): NextAttempt {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  if (classifyAttempt(statusCode) === 'success') throw new RangeError('a 2xx attempt was delivered; there is no next attempt');
  // 410 Gone is the receiver telling us the endpoint no longer exists (Standard Webhooks).
  if (statusCode === 410) return { kind: 'disable-endpoint' };
  const step = RETRY_DELAYS_MS[attempt - 1];
  if (step === undefined) return { kind: 'give-up' };

  const jittered = Math.round(step * (1 + JITTER_RATIO * (2 * random() - 1)));
  const throttled = (statusCode === 429 || statusCode === 503) && retryAfterSeconds !== undefined && retryAfterSeconds >= 0;
  if (!throttled) return { kind: 'retry', delayMs: jittered };
  return { kind: 'retry', delayMs: Math.max(jittered, Math.min(retryAfterSeconds * SECOND, MAX_RETRY_AFTER_MS)) };
}
