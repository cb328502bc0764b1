/**
 * Base URLs per cloud (research/domain-facts.md §3 cloud table).
 * - Graph: https://learn.microsoft.com/graph/deployments (US Gov L4 = graph.microsoft.us; L5/DoD is
 *   dod-graph.microsoft.us, pass it as an override).
 * - ARM: management.azure.com / management.usgovcloudapi.net (Azure CLI AzureUSGovernment profile).
 * - Partner Center: "REST endpoints for Partner Center for Microsoft Cloud for US Government are the
 *   same as for Partner Center" —
 *   https://learn.microsoft.com/partner-center/developer/developing-for-partner-center-for-microsoft-national-cloud
 *   and https://learn.microsoft.com/partner-center/developer/partner-center-rest-urls
 */
export type ServedCloud = 'public' | 'usgov';

export interface CloudEndpoints {
  graph: string;
  arm: string;
  partnerCenter: string;
  /** Entra authority, for whoever builds the TokenCredential. */
  login: string;
}

const ENDPOINTS: Record<ServedCloud, CloudEndpoints> = {
  public: {
    graph: 'https://graph.microsoft.com',
    arm: 'https://management.azure.com',
    partnerCenter: 'https://api.partnercenter.microsoft.com',
    login: 'https://login.microsoftonline.com',
  },
  usgov: {
    graph: 'https://graph.microsoft.us',
    arm: 'https://management.usgovcloudapi.net',
    partnerCenter: 'https://api.partnercenter.microsoft.com',
    login: 'https://login.microsoftonline.us',
  },
};

export function cloudEndpoints(cloud: ServedCloud, overrides: Partial<CloudEndpoints> = {}): CloudEndpoints {
  return { ...ENDPOINTS[cloud], ...overrides };
}

/** App-only tokens ask for the resource's `.default` scope. */
export const scopeFor = (baseUrl: string): string => `${new URL(baseUrl).origin}/.default`;
