import type { Partner } from '../directory.js';
import type { Reason } from '../reasons.js';
import type { IsvContact, PlanReference, Route } from '../route.js';
import type { ServiceRequest } from '../submission.js';
import { azureNewSupportRequestLink, m365OwnSupportLink, type ServedCloud } from './clouds.js';
import { PRODUCT_NAMES } from './m365-packet.js';
import { contactReach, resolvePartnerContact } from './partner-contact.js';
import { mapSeverity, severityLabel } from './severity.js';

/** Routes where the relay files nothing itself: it says who does, and how. */

/** Every fix the reasons carry, blocking ones first, each once. */
export function nextStepsFrom(reasons: readonly Reason[]): string[] {
  const ordered = [...reasons.filter((r) => r.severity === 'block'), ...reasons.filter((r) => r.severity === 'warn')];
  return [...new Set(ordered.flatMap((r) => (r.fix ? [r.fix] : [])))];
}

export function isvRoute(isv: IsvContact | undefined, reasons: readonly Reason[]): Route {
  const reach = isv ? [isv.supportUrl, isv.supportEmail, isv.supportPhone].filter((x): x is string => x !== undefined) : [];
  const first = reach.length
    ? `Microsoft does not support commercial-marketplace products: contact ${isv!.publisher} at ${reach.join(' / ')}.`
    : "Microsoft does not support commercial-marketplace products: find the publisher's support contact on the product's marketplace page.";
  return {
    channel: 'isv-support',
    target: isv ? `${isv.publisher} support (product publisher)` : 'The product publisher',
    ...(isv?.supportUrl ? { deepLink: isv.supportUrl } : {}),
    ...(isv ? { isv } : {}),
    payload: { nextSteps: [first, ...nextStepsFrom(reasons)] },
  };
}

const PLAN_NAMES: Record<PlanReference['kind'], string> = {
  'partner-program-agreement': 'AI Cloud Partner Program agreement',
  premier: 'Premier support contract',
  unified: 'Unified support contract',
  'azure-support-plan': 'Azure support plan',
};

/** The partner's own subscription: the CSP entitlement does not cover it, its own plan does (rule 2). */
export function partnerOwnRoute(
  plan: PlanReference,
  request: ServiceRequest,
  partner: Pick<Partner, 'tenantId' | 'contact'>,
  cloud: ServedCloud,
): Route {
  const planName = PLAN_NAMES[plan.kind];
  const isAzure = request.workload === 'azure';
  const severity = mapSeverity(request.workload, request.severity, contactReach(request, partner));
  return {
    channel: 'partner-own-support',
    target: `Your own Microsoft support (${planName})`,
    deepLink: isAzure ? azureNewSupportRequestLink(cloud, partner.tenantId) : m365OwnSupportLink(cloud),
    plan,
    payload: {
      instructions: [
        `File this in your own tenant (${isAzure ? 'Azure portal' : 'Microsoft 365 admin center'}), not in a customer's: it concerns your own subscription.`,
        `Quote your ${planName}: ${plan.id}.`,
        `Severity: ${severityLabel(severity)}.`,
      ],
      title: request.title,
      description: request.description,
    },
  };
}

/** An indirect reseller's Azure request: only the provider holding the subscription may file it (rule 4). */
export function indirectProviderRoute(
  providerTenantId: string,
  ticketId: string,
  request: ServiceRequest,
  partner: Pick<Partner, 'name' | 'tenantId' | 'contact'>,
): Route {
  const contact = resolvePartnerContact(request, partner);
  return {
    channel: 'indirect-provider',
    target: `Your indirect provider (tenant ${providerTenantId})`,
    providerTenantId,
    payload: {
      forwardingNote:
        `${partner.name} (indirect reseller, tenant ${partner.tenantId}) asks its indirect provider to open an Azure support ` +
        `request for customer ${request.customerTenantId}: only the provider of the Azure subscription may file it with Microsoft.`,
      // Listed field by field, never spread from the request, so the customer's own contact stays out.
      request: {
        relayTicketId: ticketId,
        customerTenantId: request.customerTenantId,
        workload: request.workload,
        product: PRODUCT_NAMES[request.workload],
        ...(request.subscriptionId !== undefined ? { subscriptionId: request.subscriptionId } : {}),
        ...(request.service !== undefined ? { service: request.service } : {}),
        ...(request.region !== undefined ? { region: request.region } : {}),
        title: request.title,
        description: request.description,
        severity: request.severity,
        ...(request.azure !== undefined ? { azure: request.azure } : {}),
      },
      resellerContact: { name: contact.name, email: contact.email, ...(contact.phone !== undefined ? { phone: contact.phone } : {}) },
    },
  };
}

/** Nothing can be filed by this partner: the reasons, what to change, and whether the customer can go direct. */
export function noneRoute(reasons: readonly Reason[], customerCanSelfFile: boolean | null): Route {
  const selfFile =
    customerCanSelfFile === null
      ? {}
      : {
          customerCanSelfFile,
          selfFileGuidance: customerCanSelfFile
            ? 'The customer also has paid subscriptions bought directly from Microsoft for this workload, so it may open the request with Microsoft itself.'
            : 'The customer has only CSP (or trial direct) subscriptions for this workload: it cannot open the request with Microsoft itself and relies on its CSP partner.',
        };
  return { channel: 'none', payload: { nextSteps: nextStepsFrom(reasons), ...selfFile } };
}
