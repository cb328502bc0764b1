import type { Customer, Partner } from '../../../shared/domain/directory.js';
import type { EligibilityResult } from '../../../shared/domain/eligibility/types.js';
import type { ServiceStatus } from '../../../shared/domain/health.js';
import type { ServiceRequest } from '../../../shared/domain/submission.js';
import type { SourcedIssue } from '../../../shared/domain/routing/incident-gate.js';
import type { RouteTicketInput } from '../../../shared/domain/routing/route-ticket.js';

/** Test data builders ("mothers"): a valid default, overridden per test. */
export const PARTNER_TENANT = '11111111-1111-4111-8111-111111111111';
export const CUSTOMER_TENANT = '22222222-2222-4222-8222-222222222222';
export const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
export const PROVIDER_TENANT = '44444444-4444-4444-8444-444444444444';
export const SUBSCRIPTION = '55555555-5555-4555-8555-555555555555';
export const NOW = new Date('2025-06-01T12:00:00Z');

export const aPartner = (over: Partial<Partner> = {}): Partner => ({
  tenantId: PARTNER_TENANT,
  name: 'Fabrikam Cloud Services',
  type: 'direct',
  cloud: 'public',
  contact: { name: 'Ada Lovelace', email: 'support@fabrikam.example', phone: '+1 425 555 0100' },
  agents: [],
  ...over,
});

export const aCustomer = (over: Partial<Customer> = {}): Customer => ({
  tenantId: CUSTOMER_TENANT,
  name: 'Contoso',
  defaultDomain: 'contoso.onmicrosoft.com',
  relationships: [],
  subscriptions: [],
  ...over,
});

export const anAzureRequest = (over: Partial<ServiceRequest> = {}): ServiceRequest => ({
  customerTenantId: CUSTOMER_TENANT,
  workload: 'azure',
  title: 'VMs do not start',
  description: 'Since 09:00 no VM in rg-prod starts.',
  severity: 'moderate',
  agent: { userPrincipalName: 'agent@fabrikam.example' },
  subscriptionId: SUBSCRIPTION,
  service: 'Virtual Machines',
  region: 'West Europe',
  escalateDespiteIncident: false,
  ...over,
});

export const anM365Request = (over: Partial<ServiceRequest> = {}): ServiceRequest => {
  const { subscriptionId: _none, region: _noRegion, ...rest } = anAzureRequest();
  return { ...rest, workload: 'office365', title: 'Mail delayed', service: 'Exchange Online', ...over };
};

export const eligible = (over: Partial<EligibilityResult> = {}): EligibilityResult => ({
  decision: 'eligible',
  reasons: [],
  channel: 'azure-support',
  customerCanSelfFile: null,
  ...over,
});

export const anIssue = (over: Partial<SourcedIssue> = {}): SourcedIssue => ({
  id: 'VM123456',
  source: 'azure',
  workload: 'azure',
  service: 'Virtual Machines',
  classification: 'incident',
  status: 'serviceDegradation',
  title: 'VM start failures',
  startDateTime: '2025-06-01T10:00:00Z',
  isResolved: false,
  ...over,
});

export const aServiceStatus = (over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  workload: 'office365',
  service: 'Exchange Online',
  status: 'serviceOperational',
  ...over,
});

export const routeInput = (over: Partial<RouteTicketInput> = {}): RouteTicketInput => ({
  ticketId: 'tkt_01HZXAMPLE',
  request: anAzureRequest(),
  partner: aPartner(),
  customer: aCustomer(),
  eligibility: eligible(),
  gate: { kind: 'none' },
  cloud: 'public',
  ...over,
});
