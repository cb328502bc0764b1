import { describe, expect, it } from 'vitest';
import { block, warn } from '../../../shared/domain/reasons.js';
import { routeTicket } from '../../../shared/domain/routing/route-ticket.js';
import {
  aCustomer,
  anAzureRequest,
  anIssue,
  anM365Request,
  aPartner,
  aServiceStatus,
  CUSTOMER_TENANT,
  eligible,
  PARTNER_TENANT,
  PROVIDER_TENANT,
  routeInput,
} from './builders.js';

const codes = (reasons: { code: string }[]) => reasons.map((r) => r.code);

describe('routeTicket: channels', () => {
  it('when an eligible Azure request is routed, then it gets the Azure Support API request and a portal link in the customer tenant', () => {
    const result = routeTicket(routeInput());
    expect(result).toMatchObject({ status: 'routed', decision: 'eligible', incident: null });
    expect(result.route).toMatchObject({
      channel: 'azure-support',
      target: 'Azure support — Cloud Solution Provider plan',
      deepLink: 'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest',
      payload: { method: 'PUT', body: { properties: { supportPlanType: 'Cloud Solution Provider', severity: 'minimal' } } },
    });
  });

  it('when an eligible Microsoft 365 request is routed, then it gets the hand-off packet and a delegated admin-center link', () => {
    const result = routeTicket(
      routeInput({ request: anM365Request({ severity: 'critical' }), eligibility: eligible({ channel: 'm365-admin-center' }) }),
    );
    expect(result.status).toBe('routed');
    expect(result.route).toMatchObject({
      channel: 'm365-admin-center',
      deepLink: `https://portal.office.com/Partner/BeginClientSession.aspx?CTID=${CUSTOMER_TENANT}&CSDEST=Support`,
      payload: {
        category: { workload: 'office365', product: 'Microsoft 365', service: 'Exchange Online' },
        title: 'Mail delayed',
        severity: 'A',
        require24x7: true,
        partnerContact: { name: 'Ada Lovelace', email: 'support@fabrikam.example', preferredContactMethod: 'email' },
        reviewLater: 'Microsoft 365 admin center > Support > View service requests',
      },
    });
  });

  it('when the product is from the marketplace, then the ISV contact is the route whatever the verdict', () => {
    const isv = { publisher: 'Tailspin', supportUrl: 'https://tailspin.example/support', supportEmail: 'help@tailspin.example' };
    const result = routeTicket(
      routeInput({
        eligibility: eligible({ decision: 'ineligible', channel: 'isv-support', isv, reasons: [block('MARKETPLACE_PRODUCT', 'm')] }),
      }),
    );
    expect(result.route).toMatchObject({ channel: 'isv-support', isv, deepLink: isv.supportUrl });
    expect(JSON.stringify(result.route.payload)).toContain('help@tailspin.example');
    expect(result.decision).toBe('ineligible');
  });

  it('when no ISV contact is on file, then the partner is told to read the product page', () => {
    const result = routeTicket(routeInput({ eligibility: eligible({ channel: 'isv-support' }) }));
    expect(result.route.channel).toBe('isv-support');
    expect(JSON.stringify(result.route.payload)).toContain('marketplace page');
  });

  it("when it is the partner's own subscription, then the plan is quoted and the link opens the partner's own portal", () => {
    const plan = { kind: 'unified' as const, id: 'UNI-42' };
    const request = anAzureRequest({ customerTenantId: PARTNER_TENANT });
    const result = routeTicket(
      routeInput({
        request,
        customer: aCustomer({ tenantId: PARTNER_TENANT }),
        eligibility: eligible({ channel: 'partner-own-support', plan }),
      }),
    );
    expect(result.route).toMatchObject({
      channel: 'partner-own-support',
      plan,
      deepLink: `https://portal.azure.com/#@${PARTNER_TENANT}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest`,
    });
    expect(JSON.stringify(result.route.payload)).toContain('UNI-42');
    const m365 = routeTicket(routeInput({ request: anM365Request(), eligibility: eligible({ channel: 'partner-own-support', plan }) }));
    expect(m365.route.deepLink).toBe('https://admin.microsoft.com/AdminPortal/Home#/support');
  });

  it('when a reseller asks about Azure, then it is forwarded to its provider with a note and the request summary', () => {
    const reasons = [block('RESELLER_CANNOT_FILE_AZURE', 'm', 'Forward to your provider.')];
    const partner = aPartner({ type: 'indirect-reseller', indirectProviderTenantId: PROVIDER_TENANT });
    const result = routeTicket(
      routeInput({
        partner,
        eligibility: eligible({ decision: 'ineligible', channel: 'indirect-provider', providerTenantId: PROVIDER_TENANT, reasons }),
      }),
    );
    expect(result.route).toMatchObject({
      channel: 'indirect-provider',
      providerTenantId: PROVIDER_TENANT,
      payload: { request: { relayTicketId: 'tkt_01HZXAMPLE', customerTenantId: CUSTOMER_TENANT, title: 'VMs do not start' } },
    });
    expect(result.route.channel === 'indirect-provider' ? result.route.payload.forwardingNote : '').toContain('Fabrikam Cloud Services');
    expect(result.reasons).toEqual(reasons);
  });

  it('when the request is ineligible, then the route is none with the fixes as next steps and self-filing guidance', () => {
    const reasons = [
      block('NO_ACTIVE_GDAP', 'no GDAP', 'Request a GDAP relationship.'),
      warn('GDAP_GLOBAL_ADMIN', 'GA', 'Drop Global Administrator.'),
    ];
    const result = routeTicket(
      routeInput({ eligibility: eligible({ decision: 'ineligible', channel: 'azure-support', reasons, customerCanSelfFile: true }) }),
    );
    expect(result).toMatchObject({ status: 'routed', decision: 'ineligible', reasons });
    expect(result.route).toMatchObject({
      channel: 'none',
      payload: { nextSteps: ['Request a GDAP relationship.', 'Drop Global Administrator.'], customerCanSelfFile: true },
    });
    expect(result.route.payload).toHaveProperty('selfFileGuidance');
  });

  it('when the partner is in US Government, then every link uses the .us endpoints', () => {
    const partner = aPartner({ cloud: 'usgov' });
    const azure = routeTicket(routeInput({ partner }));
    expect(azure.route.deepLink).toMatch(/^https:\/\/portal\.azure\.us\//);
    const m365 = routeTicket(routeInput({ partner, request: anM365Request(), eligibility: eligible({ channel: 'm365-admin-center' }) }));
    expect(m365.route.deepLink).toMatch(/^https:\/\/portal\.office365\.us\/Partner\/BeginClientSession\.aspx\?/);
    const own = routeTicket(
      routeInput({
        partner,
        request: anM365Request(),
        eligibility: eligible({ channel: 'partner-own-support', plan: { kind: 'premier', id: 'P1' } }),
      }),
    );
    expect(own.route.deepLink).toMatch(/^https:\/\/portal\.office365\.us\//);
  });

  it('when a high request goes to Microsoft 365, then no downgrade is stated (high → Sev B is the mapping itself)', () => {
    const result = routeTicket(
      routeInput({ request: anM365Request({ severity: 'high' }), eligibility: eligible({ channel: 'm365-admin-center' }) }),
    );
    expect(codes(result.reasons)).toEqual([]);
    expect(result.route.payload).toMatchObject({ severity: 'B' });
  });

  it('when a critical request has no phone to reach 24x7, then it is filed as Sev B and the downgrade follows the eligibility reasons', () => {
    const gdap = warn('GDAP_EXPIRING', 'soon');
    const noPhone = aPartner({ contact: { name: 'Contoso service desk', email: 'support@contoso-partners.example' } });
    const result = routeTicket(
      routeInput({ partner: noPhone, request: anAzureRequest({ severity: 'critical' }), eligibility: eligible({ reasons: [gdap] }) }),
    );
    expect(codes(result.reasons)).toEqual(['GDAP_EXPIRING', 'SEVERITY_DOWNGRADED']);
    expect(result.route.payload).toMatchObject({ body: { properties: { severity: 'moderate', require24X7Response: false } } });
  });

  it('when a critical request has a contact with a phone, then it is filed as Sev A without a warning', () => {
    const result = routeTicket(
      routeInput({ request: anM365Request({ severity: 'critical' }), eligibility: eligible({ channel: 'm365-admin-center' }) }),
    );
    expect(codes(result.reasons)).toEqual([]);
    expect(result.route.payload).toMatchObject({ severity: 'A', require24x7: true });
  });

  it('when a Dynamics 365 request is eligible, then it goes to the Power Platform admin center, Help + support', () => {
    const result = routeTicket(
      routeInput({
        request: anM365Request({ workload: 'dynamics', service: 'Dynamics 365 Sales' }),
        eligibility: eligible({ channel: 'power-platform-admin-center' }),
      }),
    );
    expect(result.route).toMatchObject({
      channel: 'power-platform-admin-center',
      deepLink: 'https://admin.powerplatform.microsoft.com/support',
    });
    expect(result.route.payload).toMatchObject({ reviewLater: 'Power Platform admin center > Help + support > Support requests' });
    expect(JSON.stringify(result.route.payload)).not.toContain('Microsoft 365 admin center');
    // The hand-off says how to report Microsoft's case number back (README "After routing: the case").
    expect(result.route.payload).toMatchObject({ reportCase: { method: 'POST', path: '/api/v1/service-requests/tkt_01HZXAMPLE/case' } });
    expect((result.route.payload as { steps: string[] }).steps.at(-1)).toContain('/api/v1/service-requests/tkt_01HZXAMPLE/case');
  });
});

describe('routeTicket: known-incident gate', () => {
  const incident = { kind: 'incident' as const, issue: anIssue({ url: 'https://status.example/VM123456' }) };

  it('when an eligible request meets a known incident, then it is held with the incident and nothing is filed', () => {
    const result = routeTicket(routeInput({ gate: incident, eligibility: eligible({ reasons: [warn('GDAP_EXPIRING', 'soon')] }) }));
    expect(result).toMatchObject({
      status: 'held',
      decision: 'known-incident',
      incident: {
        id: 'VM123456',
        source: 'azure',
        service: 'Virtual Machines',
        status: 'serviceDegradation',
        title: 'VM start failures',
        url: 'https://status.example/VM123456',
      },
      route: { channel: 'none', target: 'Held: known incident VM123456' },
    });
    expect(codes(result.reasons)).toEqual(['KNOWN_INCIDENT', 'GDAP_EXPIRING']);
    expect(result.reasons[0]?.severity).toBe('block');
    expect(result.route.payload).not.toHaveProperty('body');
  });

  it('when the submitter insists, then it is filed with the incident attached and an override warning', () => {
    const result = routeTicket(routeInput({ gate: incident, request: anAzureRequest({ escalateDespiteIncident: true }) }));
    expect(result).toMatchObject({
      status: 'routed',
      decision: 'eligible',
      incident: { id: 'VM123456' },
      route: { channel: 'azure-support' },
    });
    expect(codes(result.reasons)).toContain('KNOWN_INCIDENT_OVERRIDDEN');
  });

  it('when the workload is degraded but the service unknown, then it is filed with a possible-incident warning', () => {
    const gate = { kind: 'possible' as const, services: [aServiceStatus({ status: 'serviceDegradation' })] };
    const result = routeTicket(
      routeInput({ gate, request: anM365Request({ service: undefined }), eligibility: eligible({ channel: 'm365-admin-center' }) }),
    );
    expect(result).toMatchObject({ status: 'routed', incident: null, route: { channel: 'm365-admin-center' } });
    expect(codes(result.reasons)).toEqual(['POSSIBLE_KNOWN_INCIDENT']);
  });

  it('when the request is ineligible or handed off, then the incident gate does not apply', () => {
    const ineligible = routeTicket(
      routeInput({ gate: incident, eligibility: eligible({ decision: 'ineligible', reasons: [block('NO_ACTIVE_GDAP', 'm')] }) }),
    );
    expect(ineligible).toMatchObject({ status: 'routed', decision: 'ineligible', incident: null });
    const isv = routeTicket(routeInput({ gate: incident, eligibility: eligible({ channel: 'isv-support' }) }));
    expect(isv).toMatchObject({ status: 'routed', route: { channel: 'isv-support' }, incident: null });
  });
});
