import type { Partner } from '../directory.js';
import type { ServiceRequest, Workload } from '../submission.js';
import { contactReach, resolvePartnerContact } from './partner-contact.js';
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

/**
 * Where a person files it. Dynamics 365 support moved to the Power Platform admin center (Help + support);
 * Microsoft 365 and EMS stay in the Microsoft 365 admin center (DOMAIN "Channels per workload").
 */
export type HandOffChannel = 'm365-admin-center' | 'power-platform-admin-center';

export const HAND_OFF_CHANNEL: Readonly<Record<Exclude<Workload, 'azure'>, HandOffChannel>> = {
  office365: 'm365-admin-center',
  ems: 'm365-admin-center',
  dynamics: 'power-platform-admin-center',
};

interface AdminCenter {
  reviewLater: string;
  open: string;
  newRequest: string;
}

export const ADMIN_CENTERS: Readonly<Record<HandOffChannel, AdminCenter>> = {
  'm365-admin-center': {
    reviewLater: 'Microsoft 365 admin center > Support > View service requests',
    open: "Open the deep link: it starts your delegated session in the customer's Microsoft 365 admin center, on Support.",
    newRequest: 'Choose "New service request"',
  },
  'power-platform-admin-center': {
    reviewLater: 'Power Platform admin center > Help + support > Support requests',
    // No documented link selects the customer's tenant in this admin center: the agent picks it at sign-in.
    open: "Open the deep link (Power Platform admin center, Help + support) and sign in with your partner account in the customer's tenant (GDAP gives you access there).",
    newRequest: 'Choose "New support request", product Dynamics 365,',
  },
};

/** Kept for readers of the Microsoft 365 packet; the Power Platform one has its own. */
export const REVIEW_LATER = ADMIN_CENTERS['m365-admin-center'].reviewLater;

export type M365HandOffPacket = {
  category: { workload: Workload; product: string; service: string | null };
  title: string;
  description: string;
  severity: M365Severity;
  require24x7: boolean;
  partnerContact: { name: string; email: string; phone?: string; preferredContactMethod: 'email' | 'phone' };
  reviewLater: string;
  /** Steps for the agent, in order. */
  steps: string[];
  /** How to tell the relay Microsoft's case number once filed (README "After routing: the case"). */
  reportCase?: ReturnType<typeof reportCaseStep>;
};

export function reportCaseStep(ticketId: string) {
  return {
    method: 'POST' as const,
    path: `/api/v1/service-requests/${encodeURIComponent(ticketId)}/case`,
    body: { microsoftCaseId: '<Microsoft case number>', filedBy: '<your sign-in name>' },
  };
}

export function buildM365Packet(
  request: ServiceRequest,
  partner: Pick<Partner, 'contact'>,
  channel: HandOffChannel = 'm365-admin-center',
  ticketId?: string,
): M365HandOffPacket {
  const severity = mapM365Severity(request.severity, contactReach(request, partner));
  const contact = resolvePartnerContact(request, partner);
  const product = PRODUCT_NAMES[request.workload];
  const center = ADMIN_CENTERS[channel];
  const steps = [
    center.open,
    `${center.newRequest} and describe it under ${request.service ? `${product} > ${request.service}` : product}.`,
    'Paste the title and description, choose the severity, and give the partner contact below (not the customer).',
  ];
  if (severity.require24x7) steps.push('Sev A: the contact must be available 24x7 while Microsoft works the request.');
  steps.push(`Review it later under ${center.reviewLater}.`);
  // Microsoft has no API that tells the relay the case exists: the person who filed says so, and reminders stop.
  const report = ticketId ? reportCaseStep(ticketId) : undefined;
  if (report)
    steps.push(
      `Report Microsoft's case number back: POST ${report.path} with {"microsoftCaseId":"<the number Microsoft shows>"} (or your PSA's "filed" action).`,
    );
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
    reviewLater: center.reviewLater,
    steps,
    ...(report ? { reportCase: report } : {}),
  };
}
