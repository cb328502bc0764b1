import type { Partner } from '../directory.js';
import type { ServiceRequest, Workload } from '../submission.js';
import { resolvePartnerContact } from './partner-contact.js';
import { mapM365Severity, type M365Severity } from './severity.js';

/**
 * Microsoft 365, EMS and Dynamics requests are filed by a person in the customer's admin center
 * (there is no public create API for them), so the partner gets a hand-off packet to copy from and a
 * link that opens the customer's admin center in the partner's delegated session.
 */
export const PRODUCT_NAMES: Readonly<Record<Workload, string>> = {
  azure: 'Azure',
  office365: 'Microsoft 365',
  ems: 'Enterprise Mobility + Security',
  dynamics: 'Dynamics 365',
};

export const REVIEW_LATER = 'Microsoft 365 admin center > Support > View service requests';

export type M365HandOffPacket = {
  category: { workload: Workload; product: string; service: string | null };
  title: string;
  description: string;
  severity: M365Severity;
  require24x7: boolean;
  partnerContact: { name: string; email: string; phone?: string; preferredContactMethod: 'email' | 'phone' };
  reviewLater: typeof REVIEW_LATER;
  /** Steps for the agent, in order. */
  steps: string[];
};

export function buildM365Packet(request: ServiceRequest, partner: Pick<Partner, 'contact'>): M365HandOffPacket {
  const severity = mapM365Severity(request.severity);
  const contact = resolvePartnerContact(request, partner);
  const product = PRODUCT_NAMES[request.workload];
  const steps = [
    "Open the deep link: it starts your delegated session in the customer's Microsoft 365 admin center, on Support.",
    `Choose "New service request" and describe it under ${request.service ? `${product} > ${request.service}` : product}.`,
    'Paste the title and description, choose the severity, and give the partner contact below (not the customer).',
  ];
  if (severity.require24x7) steps.push('Sev A: the contact must be available 24x7 while Microsoft works the request.');
  steps.push(`Review it later under ${REVIEW_LATER}.`);
  return {
    category: { workload: request.workload, product, service: request.service ?? null },
    title: request.title,
    description: request.description,
    severity: severity.m365,
    require24x7: severity.require24x7,
    partnerContact: {
      name: contact.name,
      email: contact.email,
      ...(contact.phone !== undefined ? { phone: contact.phone } : {}),
      preferredContactMethod: contact.preferredContactMethod,
    },
    reviewLater: REVIEW_LATER,
    steps,
  };
}
