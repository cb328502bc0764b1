import type { Partner } from '../directory.js';
import type { ServiceRequest } from '../submission.js';
import { azureNewSupportRequestLink, type ServedCloud } from './clouds.js';
import { contactReach, resolvePartnerContact, splitName } from './partner-contact.js';
import { mapAzureSeverity, type AzureSeverity } from './severity.js';
import { azureTicketName } from './ticket-name.js';

/**
 * The Azure Support API create call (Microsoft.Support/supportTickets, api-version 2024-04-01; field
 * names and enums from support.json, research/domain-facts.md §3), filed in the customer's
 * subscription under the CSP entitlement with the partner as the contact.
 */
export const AZURE_SUPPORT_API_VERSION = '2024-04-01';
export const CSP_SUPPORT_PLAN = 'Cloud Solution Provider';

export type AzureContactDetails = {
  firstName: string;
  lastName: string;
  primaryEmailAddress: string;
  preferredContactMethod: 'email' | 'phone';
  preferredTimeZone: string;
  country: string;
  preferredSupportLanguage: string;
  phoneNumber?: string;
};

export type AzureSupportTicketProperties = {
  title: string;
  description: string;
  severity: AzureSeverity;
  serviceId?: string;
  problemClassificationId?: string;
  advancedDiagnosticConsent: 'No';
  require24X7Response: boolean;
  contactDetails: AzureContactDetails;
  /**
   * Names the plan the ticket is filed under (docs/openapi.json (Ticket)). The API marks this field read-only
   * (it reports the plan back); `wireBody` leaves it out of what is actually sent.
   */
  supportPlanType: typeof CSP_SUPPORT_PLAN;
  problemStartTime?: string;
  technicalTicketDetails?: { resourceId: string };
};

export type AzureSupportTicketRequest = {
  method: 'PUT';
  /** Relative to the cloud's ARM endpoint (clouds.ts). */
  path: string;
  ticketName: string;
  subscriptionId: string;
  body: { properties: AzureSupportTicketProperties };
  /**
   * Fields the API requires that the tool did not send. The portal link still works; filing through
   * the API needs them (take them from GET /providers/Microsoft.Support/services[/…/problemClassifications]).
   */
  missingForSubmission: string[];
};

export interface AzureTicketInput {
  ticketId: string;
  request: ServiceRequest;
  partner: Pick<Partner, 'contact'>;
  subscriptionId: string;
}

export function buildAzureSupportTicket({ ticketId, request, partner, subscriptionId }: AzureTicketInput): AzureSupportTicketRequest {
  const ticketName = azureTicketName(ticketId);
  const severity = mapAzureSeverity(request.severity, contactReach(request, partner));
  const contact = resolvePartnerContact(request, partner);
  const azure = request.azure ?? {};
  const properties: AzureSupportTicketProperties = {
    title: request.title,
    description: request.description,
    severity: severity.azure,
    ...(azure.serviceId !== undefined ? { serviceId: azure.serviceId } : {}),
    ...(azure.problemClassificationId !== undefined ? { problemClassificationId: azure.problemClassificationId } : {}),
    // Diagnostic consent lets Microsoft read the customer's resources; only the customer can give it.
    advancedDiagnosticConsent: 'No',
    require24X7Response: severity.require24x7,
    contactDetails: {
      ...splitName(contact.name),
      primaryEmailAddress: contact.email,
      preferredContactMethod: contact.preferredContactMethod,
      preferredTimeZone: contact.timeZone,
      country: contact.country,
      preferredSupportLanguage: contact.language,
      ...(contact.phone !== undefined ? { phoneNumber: contact.phone } : {}),
    },
    supportPlanType: CSP_SUPPORT_PLAN,
    ...(azure.problemStartTime !== undefined ? { problemStartTime: azure.problemStartTime } : {}),
    ...(azure.resourceId !== undefined ? { technicalTicketDetails: { resourceId: azure.resourceId } } : {}),
  };
  return {
    method: 'PUT',
    path:
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Support/supportTickets/${ticketName}` +
      `?api-version=${AZURE_SUPPORT_API_VERSION}`,
    ticketName,
    subscriptionId,
    body: { properties },
    missingForSubmission: (['serviceId', 'problemClassificationId'] as const).filter((f) => azure[f] === undefined),
  };
}

/** The body to send: the same properties without the ones the API only reports back. */
export function wireBody(ticket: AzureSupportTicketRequest): { properties: Omit<AzureSupportTicketProperties, 'supportPlanType'> } {
  const { supportPlanType: _reportedByMicrosoft, ...properties } = ticket.body.properties;
  return { properties };
}

/** The Azure portal's new-support-request blade in the customer's directory (domain name preferred: readable). */
export function azureCustomerPortalLink(cloud: ServedCloud, customer: { tenantId: string; defaultDomain?: string }): string {
  return azureNewSupportRequestLink(cloud, customer.defaultDomain ?? customer.tenantId);
}
