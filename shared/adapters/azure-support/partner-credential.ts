import type { TokenCredential } from '@azure/identity';
import { lazyCredential } from '../lazy.js';
import type { Config } from '../../config.js';
import { cloudEndpoints } from '../microsoft/cloud-endpoints.js';

/**
 * One credential for everything the relay asks Microsoft as the partner: Graph GDAP and service health,
 * Partner Center, ARM role assignments and Azure Support — each call names the tenant it needs a token for.
 *
 * - PARTNER_APP_CLIENT_ID set: the partner's multi-tenant app, signed for by the relay's managed identity as a
 *   federated credential (no secret anywhere). The app lives in PARTNER_TENANT_ID.
 * - otherwise DefaultAzureCredential (an `az login` of a partner agent while developing). A managed identity alone
 *   cannot get tokens in customer tenants; those calls then fail naming the tenant and this setting.
 *
 * Built on first use, so a relay that never talks to Microsoft never constructs one.
 */
export function partnerCredential(config: Config): TokenCredential {
  return lazyCredential(() => build(config));
}

async function build(config: Config): Promise<TokenCredential> {
  const { ClientAssertionCredential, DefaultAzureCredential, ManagedIdentityCredential } = await import('@azure/identity');
  const options = { authorityHost: cloudEndpoints(config.RELAY_CLOUD).login, additionallyAllowedTenants: ['*'] };
  if (!config.PARTNER_APP_CLIENT_ID) return new DefaultAzureCredential(options);
  // loadConfig refuses PARTNER_APP_CLIENT_ID without PARTNER_TENANT_ID.
  const home = config.PARTNER_TENANT_ID!;
  const identity = new ManagedIdentityCredential(config.AZURE_CLIENT_ID ? { clientId: config.AZURE_CLIENT_ID } : {});
  // The token-exchange audience Entra expects for federated credentials, per cloud.
  const audience = config.RELAY_CLOUD === 'usgov' ? 'api://AzureADTokenExchangeUSGov/.default' : 'api://AzureADTokenExchange/.default';
  const assertion = async () => {
    const token = await identity.getToken(audience);
    if (!token) throw new Error('the managed identity returned no token for the federated credential');
    return token.token;
  };
  return new ClientAssertionCredential(home, config.PARTNER_APP_CLIENT_ID, assertion, options);
}
