import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { contextLogger } from '../log.js';
import { StorageUnavailableError } from '../ports/ticket-store.js';
import { problem } from './problem.js';
import { errorCodeOf, errorMessage, errorName, statusCodeOf } from '../errors.js';

/**
 * Last line of every HTTP function: storage or broker trouble becomes 503 + Retry-After (the caller may retry the
 * same Idempotency-Key safely); anything else is our bug, logged with the invocation id and answered without details.
 */
export async function guarded(context: InvocationContext, handle: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  try {
    return await handle();
  } catch (error) {
    const log = contextLogger(context, { invocationId: context.invocationId, fn: context.functionName });
    if (isUnavailable(error)) {
      log.warn('dependency unavailable', { error: errorName(error) });
      return problem(503, 'Storage or messaging is unavailable right now; nothing was written. Retry with the same Idempotency-Key.', {
        headers: { 'retry-after': '5' },
      });
    }
    const refused = storageRefusal(error);
    if (refused !== undefined) {
      // Table Storage judged a value the caller chose (a key, a filter, a continuation token) unacceptable: the
      // caller's to fix, so a 4xx; logged with the storage status in case it is ours after all.
      log.warn('storage refused the request', { storageStatus: refused });
      return problem(
        400,
        'Storage refused a value from this request (too long, or characters it cannot store). Check the ids, query parameters and cursor you sent and try again; nothing was written.',
      );
    }
    log.error('unexpected failure', { error: errorMessage(error) });
    return problem(500, `Unexpected error; reference ${context.invocationId}.`);
  }
}

/** The status of a Table Storage 4xx (other than 408/429, which are transient), else undefined. */
function storageRefusal(error: unknown): number | undefined {
  const status = statusCodeOf(error);
  return errorName(error) === 'RestError' && status !== undefined && status >= 400 && status < 500 ? status : undefined;
}

function isUnavailable(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const status = statusCodeOf(error);
  if (status !== undefined) return status >= 500 || status === 408 || status === 429;
  return (
    errorName(error) === 'RestError' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(errorCodeOf(error) ?? '')
  );
}
