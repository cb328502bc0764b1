/**
 * One error style. Expected outcomes are values (`{ kind: … }` results, see the ports); what is thrown is either one of
 * the relay's own failures, a `RelayError` with a stable `code` to branch on, or something foreign (an SDK, the network,
 * a bug). Anything can be thrown, so a caught value is read through these helpers and never cast.
 */
export abstract class RelayError extends Error {
  abstract readonly code: string;
}

/** The text to log or show for a caught value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

/** The error's class name only: for logs where the message could echo request details or secrets. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** The HTTP status an Azure SDK error (`RestError`) or an identity error carries, if any. */
export function statusCodeOf(error: unknown): number | undefined {
  const status = propertyOf(error, 'statusCode');
  return typeof status === 'number' ? status : undefined;
}

/** A string `code`: Node's system errors (`ECONNREFUSED`), ARM's error codes, a `RelayError`'s code. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = propertyOf(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

function propertyOf(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}
