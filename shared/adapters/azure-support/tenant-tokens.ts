import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { MicrosoftSupportOptionalParams } from '@azure/arm-support';
import { RelayError, statusCodeOf } from '../../errors.js';

/** A pipeline policy as the SDK client takes it (typed through the client's own options: no extra package). */
export type PipelinePolicy = NonNullable<MicrosoftSupportOptionalParams['additionalPolicies']>[number]['policy'];

/** No token for a tenant: the partner's app is not consented there, or the relay has no usable identity. */
export class TokenUnavailableError extends RelayError {
  readonly code = 'TOKEN_UNAVAILABLE';
  constructor(
    readonly tenantId: string,
    readonly role: 'customer' | 'partner',
    /** The identity library's answer status, when it got one (5xx / 429 are worth retrying). */
    readonly statusCode: number | undefined,
    kind: string,
  ) {
    // Only the error's name: identity errors can be long and may echo request details.
    super(`no token for the ${role} tenant ${tenantId} (${kind})`);
    this.name = 'TokenUnavailableError';
  }
}

async function tokenFor(
  base: TokenCredential,
  scopes: string | string[],
  tenantId: string,
  role: 'customer' | 'partner',
  options: GetTokenOptions = {},
): Promise<AccessToken> {
  let token: AccessToken | null;
  try {
    token = await base.getToken(scopes, { ...options, tenantId });
  } catch (error) {
    throw new TokenUnavailableError(tenantId, role, statusCodeOf(error), error instanceof Error ? error.name : 'credential failed');
  }
  if (!token) throw new TokenUnavailableError(tenantId, role, undefined, 'the credential returned none');
  return token;
}

/** The primary token: always for the customer's tenant, whatever tenant the SDK would otherwise ask for. */
export function customerTenantCredential(base: TokenCredential, tenantId: string): TokenCredential {
  return { getToken: (scopes, options) => tokenFor(base, scopes, tenantId, 'customer', options) };
}

/**
 * CSP on-behalf-of (Support API create, research/domain-facts.md §3): ARM also wants a token from the partner's
 * tenant in `x-ms-authorization-auxiliary`. Added on every attempt so a retried request never carries a stale one.
 */
export function auxiliaryPartnerToken(base: TokenCredential, partnerTenantId: string, scope: string): PipelinePolicy {
  return {
    name: 'relayAuxiliaryPartnerToken',
    sendRequest: async (request, next) => {
      const token = await tokenFor(base, scope, partnerTenantId, 'partner');
      request.headers.set('x-ms-authorization-auxiliary', `Bearer ${token.token}`);
      return next(request);
    },
  };
}
