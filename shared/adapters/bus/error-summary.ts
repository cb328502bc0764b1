/** Longest error summary kept on a message; dead-letter descriptions are for people scanning a list. */
export const ERROR_SUMMARY_MAX = 200;

/**
 * One line describing why a handler failed: the error's message only (a stack can leak paths and
 * data and does not fit a dead-letter description), whitespace folded, at most ERROR_SUMMARY_MAX chars.
 */
export function summarizeError(error: unknown): string {
  const raw = error instanceof Error ? error.message || error.name : String(error);
  const line = raw.replace(/\s+/g, ' ').trim() || 'unknown error';
  return line.length <= ERROR_SUMMARY_MAX ? line : `${line.slice(0, ERROR_SUMMARY_MAX - 1)}…`;
}
