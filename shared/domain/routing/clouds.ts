/**
 * Endpoints per Microsoft cloud the relay serves (docs/rules.md rule 10). 21Vianet is not served.
 *
 * Sources (research/domain-facts.md §3 and §5 unless noted):
 * - ARM, login and Graph: the cloud table in §3 (Azure CLI AzureUSGovernment profile, Graph national
 *   clouds). Graph for US Gov is the L4 host; DoD (L5) tenants use dod-graph.microsoft.us.
 * - Azure portal: portal.azure.com; portal.azure.us for US Gov (§5, marked inference there).
 * - Microsoft 365 admin center: admin.microsoft.com is the host Microsoft's own docs link for
 *   "create a service request" (`https://admin.microsoft.com/AdminPortal/Home#/support`, found in
 *   MicrosoftDocs content with the code search). For GCC High / DoD the admin center is
 *   portal.office365.us (third-party GCC High endpoint lists: merill/cmd issue #202 and
 *   caas.nimbus-logic.us quick start) — not confirmed on a Microsoft page.
 * - Delegated (partner) session into a customer's admin center: Partner Center's documented
 *   `managedservices` API returns `https://portal.office.com/Partner/BeginClientSession.aspx?CTID=…&CSDEST=Support`
 *   as each service's `serviceTicket` link (learn.microsoft.com/partner-center/developer/get-the-managed-services-for-a-customer-by-id).
 *   The US Gov host is an inference: the same path on the GCC High admin center host.
 */
export type ServedCloud = 'public' | 'usgov';

export interface CloudEndpoints {
  arm: string;
  login: string;
  graph: string;
  azurePortal: string;
  m365AdminCenter: string;
  /** Host of Partner/BeginClientSession.aspx, which opens a customer's admin center as its partner. */
  m365PartnerSession: string;
}

export const CLOUD_ENDPOINTS: Readonly<Record<ServedCloud, CloudEndpoints>> = {
  public: {
    arm: 'https://management.azure.com',
    login: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    azurePortal: 'https://portal.azure.com',
    m365AdminCenter: 'https://admin.microsoft.com',
    m365PartnerSession: 'https://portal.office.com',
  },
  usgov: {
    arm: 'https://management.usgovcloudapi.net',
    login: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    azurePortal: 'https://portal.azure.us',
    m365AdminCenter: 'https://portal.office365.us',
    m365PartnerSession: 'https://portal.office365.us',
  },
};

export function endpointsFor(cloud: ServedCloud): CloudEndpoints {
  return CLOUD_ENDPOINTS[cloud];
}

/**
 * The Azure portal's "new support request" blade in a chosen directory. The blade path is the one
 * Microsoft's docs link throughout; `#@<tenant>` selects the directory (portal convention, §5).
 */
export function azureNewSupportRequestLink(cloud: ServedCloud, directory: string): string {
  return `${CLOUD_ENDPOINTS[cloud].azurePortal}/#@${encodeURIComponent(directory)}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest`;
}

/** The partner's delegated session into the customer's Microsoft 365 admin center, landing on Support. */
export function m365CustomerSupportLink(cloud: ServedCloud, customerTenantId: string): string {
  return `${CLOUD_ENDPOINTS[cloud].m365PartnerSession}/Partner/BeginClientSession.aspx?CTID=${encodeURIComponent(customerTenantId)}&CSDEST=Support`;
}

/** The signed-in user's own Microsoft 365 admin center, Support page (for the partner's own tenant). */
export function m365OwnSupportLink(cloud: ServedCloud): string {
  return `${CLOUD_ENDPOINTS[cloud].m365AdminCenter}/AdminPortal/Home#/support`;
}

/**
 * Power Platform admin center, Help + support: where Dynamics 365 requests are filed.
 * Public host and path: MicrosoftDocs/dynamics-365-customer-engagement ce/field-service/field-service-get-help.md
 * ("Go to the Power Platform admin center located at https://admin.powerplatform.microsoft.com/support").
 * US Government (GCC High): `high.admin.powerplatform.microsoft.us` — an inference from the GCC host
 * `gcc.admin.powerplatform.microsoft.us/support` that Microsoft's federal business-applications guidance
 * links (echvsg/Federal-Business-Applications); not confirmed on a Microsoft page. No documented parameter
 * selects the customer's tenant here: the agent signs in to it (the hand-off steps say so).
 */
const POWER_PLATFORM_ADMIN_CENTER: Readonly<Record<ServedCloud, string>> = {
  public: 'https://admin.powerplatform.microsoft.com',
  usgov: 'https://high.admin.powerplatform.microsoft.us',
};

export function powerPlatformSupportLink(cloud: ServedCloud): string {
  return `${POWER_PLATFORM_ADMIN_CENTER[cloud]}/support`;
}
