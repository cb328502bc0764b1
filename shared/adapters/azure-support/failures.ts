import type { SupportTicketResult } from '../../ports/support-api.js';
import { TokenUnavailableError } from './tenant-tokens.js';
import { errorCodeOf, statusCodeOf } from '../../errors.js';

type PermanentFailure = Extract<SupportTicketResult, { kind: 'permanent-failure' }>;

/** ARM says a token expired in flight: a fresh attempt gets a fresh token. */
const RETRYABLE_401_CODES = new Set(['ExpiredAuthenticationToken']);

const transient = (status: number | undefined): boolean => status === undefined || status === 408 || status === 429 || status >= 500;

/**
 * Sorts a failure: what a later attempt can fix (throttling, Azure or the network down, 5xx) is thrown so the
 * broker redelivers; what it cannot (a refused request, no access, no consent) comes back as a value for the
 * ticket. Messages keep Azure's code and the first part of its message, never tokens.
 */
export function permanentOrThrow(error: unknown): PermanentFailure {
  if (error instanceof TokenUnavailableError) {
    if (error.statusCode !== undefined && transient(error.statusCode)) throw error;
    const hint =
      error.role === 'customer'
        ? "the partner's app (PARTNER_APP_CLIENT_ID) needs consent in the customer's tenant through GDAP"
        : 'check PARTNER_APP_CLIENT_ID / PARTNER_TENANT_ID and the identity that signs for the app';
    return { kind: 'permanent-failure', message: `${error.message}; ${hint}` };
  }
  const status = statusCodeOf(error);
  const code = errorCodeOf(error);
  if (transient(status) || (status === 401 && code !== undefined && RETRYABLE_401_CODES.has(code))) throw error;
  const detail = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 300) : 'no detail';
  return { kind: 'permanent-failure', message: `Azure answered ${status}${code !== undefined ? ` ${code}` : ''}: ${detail}` };
}
