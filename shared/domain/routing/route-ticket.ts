import type { Customer, Partner } from '../directory.js';
import type { EligibilityResult } from '../eligibility/types.js';
import { block, warn, type Reason } from '../reasons.js';
import type { IncidentRef, Route } from '../route.js';
import type { ServiceRequest } from '../submission.js';
import type { Decision } from '../ticket.js';
import { azureCustomerPortalLink, buildAzureSupportTicket, CSP_SUPPORT_PLAN } from './azure-support-body.js';
import { m365CustomerSupportLink, powerPlatformSupportLink, type ServedCloud } from './clouds.js';
import { indirectProviderRoute, isvRoute, nextStepsFrom, noneRoute, partnerOwnRoute } from './hand-off-routes.js';
import type { IncidentGateResult, SourcedIssue } from './incident-gate.js';
import { buildM365Packet } from './m365-packet.js';
import { contactReach } from './partner-contact.js';
import { mapSeverity } from './severity.js';

/**
 * The workload router: turns the eligibility verdict and the known-incident gate (rule 9) into the
 * ticket's route. Pure: the caller loads health and directory data and runs `findKnownIncident`
 * (which takes the clock) before calling this.
 */
export interface RouteTicketInput {
  ticketId: string;
  request: ServiceRequest;
  partner: Partner | null;
  customer: Customer | null;
  eligibility: EligibilityResult;
  /** `findKnownIncident` for this request; only consulted when the request would be filed with Microsoft. */
  gate: IncidentGateResult;
  /** The relay's cloud (RELAY_CLOUD); a partner in US Government always gets `.us` endpoints. */
  cloud: ServedCloud;
  /** Accepted for symmetry with the gate; routing itself reads no clock (the gate already did). */
  now?: Date;
}

export interface RoutingResult {
  status: 'routed' | 'held';
  decision: Decision;
  route: Route;
  incident: IncidentRef | null;
  /** Eligibility reasons plus routing warnings; a blocking reason, if any, comes first. */
  reasons: Reason[];
}

/** Channels where this partner files with Microsoft: a known incident is checked first (rule 9). */
const GATED = new Set<Route['channel']>(['azure-support', 'm365-admin-center', 'power-platform-admin-center']);
const SEVERITY_MAPPED = new Set<Route['channel']>([...GATED, 'partner-own-support']);

export function routeTicket(input: RouteTicketInput): RoutingResult {
  const { eligibility, request } = input;
  const channel = effectiveChannel(eligibility);
  const cloud: ServedCloud = input.partner?.cloud === 'usgov' ? 'usgov' : input.partner?.cloud === 'public' ? 'public' : input.cloud;
  const warnings: Reason[] = [];
  let incident: IncidentRef | null = null;

  if (GATED.has(channel)) {
    const gate = input.gate;
    if (gate.kind === 'incident') {
      incident = incidentRef(gate.issue);
      if (!request.escalateDespiteIncident) return held(incident, eligibility.reasons);
      warnings.push(
        warn(
          'KNOWN_INCIDENT_OVERRIDDEN',
          `Filed although Microsoft is already working on incident ${incident.id} ("${incident.title}"), because the submitter insisted.`,
          'Mention the incident id in the conversation with Microsoft; it may be closed as a duplicate.',
        ),
      );
    } else if (gate.kind === 'possible') {
      const names = gate.services.map((s) => `${s.service} (${s.status})`).join(', ');
      warnings.push(
        warn(
          'POSSIBLE_KNOWN_INCIDENT',
          `The request names no service and ${names} ${gate.services.length === 1 ? 'is' : 'are'} not healthy right now; this may be a known incident.`,
          'Check service health for the customer before working the request; name the service next time so known incidents can be matched.',
        ),
      );
    }
  }

  const route = buildRoute(channel, input, cloud);
  if (SEVERITY_MAPPED.has(channel) && input.partner) {
    const downgrade = mapSeverity(request.workload, request.severity, contactReach(request, input.partner)).warning;
    if (downgrade) warnings.push(downgrade);
  }
  return { status: 'routed', decision: eligibility.decision, route, incident, reasons: [...eligibility.reasons, ...warnings] };
}

/**
 * Hand-offs (ISV, indirect provider) are the answer whatever the verdict; the channels where this
 * partner files with Microsoft need an eligible verdict, anything else gets reasons and next steps.
 */
function effectiveChannel(e: EligibilityResult): Route['channel'] {
  if (e.channel === 'isv-support') return e.channel;
  if (e.channel === 'indirect-provider') return e.providerTenantId !== undefined ? e.channel : 'none';
  return e.decision === 'eligible' ? e.channel : 'none';
}

function buildRoute(channel: Route['channel'], input: RouteTicketInput, cloud: ServedCloud): Route {
  const { eligibility, request, ticketId } = input;
  switch (channel) {
    case 'azure-support': {
      const partner = required(input.partner, 'partner');
      const customer = required(input.customer, 'customer');
      const subscriptionId = required(request.subscriptionId, 'subscriptionId');
      return {
        channel,
        target: `Azure support — ${CSP_SUPPORT_PLAN} plan`,
        deepLink: azureCustomerPortalLink(cloud, customer),
        payload: buildAzureSupportTicket({ ticketId, request, partner, subscriptionId }),
      };
    }
    case 'm365-admin-center':
      return {
        channel,
        target: "Microsoft 365 admin center — customer's tenant, delegated",
        deepLink: m365CustomerSupportLink(cloud, required(input.customer, 'customer').tenantId),
        payload: buildM365Packet(request, required(input.partner, 'partner'), channel, ticketId),
      };
    case 'power-platform-admin-center':
      return {
        channel,
        target: "Power Platform admin center — Help + support, customer's tenant",
        deepLink: powerPlatformSupportLink(cloud),
        payload: buildM365Packet(request, required(input.partner, 'partner'), channel, ticketId),
      };
    case 'isv-support':
      return isvRoute(eligibility.isv, eligibility.reasons);
    case 'partner-own-support':
      return partnerOwnRoute(required(eligibility.plan, 'plan'), request, required(input.partner, 'partner'), cloud);
    case 'indirect-provider':
      return indirectProviderRoute(
        required(eligibility.providerTenantId, 'providerTenantId'),
        ticketId,
        request,
        required(input.partner, 'partner'),
      );
    case 'none':
      return noneRoute(eligibility.reasons, eligibility.customerCanSelfFile);
  }
}

function held(incident: IncidentRef, eligibilityReasons: readonly Reason[]): RoutingResult {
  const known = block(
    'KNOWN_INCIDENT',
    `Microsoft is already working on incident ${incident.id} for ${incident.service}: "${incident.title}". Nothing was filed.`,
    'Follow the incident; if this problem is a different one, submit it again with escalateDespiteIncident: true.',
  );
  const reasons = [known, ...eligibilityReasons];
  const follow = `Follow ${incident.id}${incident.url ? ` at ${incident.url}` : ' in service health'}; the tool is told when it resolves (ticket.incident_resolved).`;
  return {
    status: 'held',
    decision: 'known-incident',
    route: { channel: 'none', target: `Held: known incident ${incident.id}`, payload: { nextSteps: [follow, ...nextStepsFrom(reasons)] } },
    incident,
    reasons,
  };
}

export function incidentRef(issue: SourcedIssue): IncidentRef {
  return {
    id: issue.id,
    source: issue.source,
    service: issue.service,
    status: issue.status,
    title: issue.title,
    ...(issue.url !== undefined ? { url: issue.url } : {}),
  };
}

/** Eligibility promised this value for the channel it chose; its absence is a bug, not an outcome. */
function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`routeTicket: the eligible route needs ${what}, which is missing`);
  return value;
}
