/**
 * Seconds from `now` that a `Retry-After` value asks for: delta-seconds or an HTTP date (RFC 9110
 * §10.2.3). A date in the past means "now" (0). Anything unreadable is ignored (`undefined`), and
 * the schedule's own wait applies.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // HTTP dates always name a day or month; this keeps Date.parse's guesses ("1.5") out.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
