import { describe, expect, it } from 'vitest';
import { block, warn } from '../../../shared/domain/reasons.js';
import {
  indirectProviderRoute,
  isvRoute,
  nextStepsFrom,
  noneRoute,
  partnerOwnRoute,
} from '../../../shared/domain/routing/hand-off-routes.js';
import { buildM365Packet } from '../../../shared/domain/routing/m365-packet.js';
import { splitName } from '../../../shared/domain/routing/partner-contact.js';
import { routeTicket } from '../../../shared/domain/routing/route-ticket.js';
import { uuidV5 } from '../../../shared/domain/routing/ticket-name.js';
import {
  aCustomer,
  anAzureRequest,
  anIssue,
  anM365Request,
  aPartner,
  aServiceStatus,
  eligible,
  PROVIDER_TENANT,
  routeInput,
} from './builders.js';

// What the partner reads when the relay files nothing itself (docs/rules.md, "Where an eligible request goes"): who
// files, where, with what, and what to fix first.
const steps = (route: { payload?: unknown }) => (route.payload as { nextSteps: string[] }).nextSteps;

describe('next steps', () => {
  it('when reasons carry fixes, then blocking fixes come first, each fix once, reasons without a fix add nothing', () => {
    const reasons = [
      warn('GDAP_EXPIRING', 'w', 'Extend the relationship.'),
      block('NO_ACTIVE_GDAP', 'b', 'Request a GDAP relationship.'),
      warn('GDAP_GLOBAL_ADMIN', 'w'),
      block('GDAP_ROLE_MISSING', 'b', 'Extend the relationship.'),
    ];
    expect(nextStepsFrom(reasons)).toEqual(['Request a GDAP relationship.', 'Extend the relationship.']);
    expect(nextStepsFrom([warn('GDAP_GLOBAL_ADMIN', 'w')])).toEqual([]);
  });
});

describe('ISV hand-off', () => {
  it('when the publisher left a link, a mail and a phone, then the partner is told to contact it at each of them', () => {
    const isv = {
      publisher: 'Tailspin',
      supportUrl: 'https://tailspin.example/help',
      supportEmail: 'help@tailspin.example',
      supportPhone: '+1 555 0100',
    };
    const route = isvRoute(isv, [block('MARKETPLACE_PRODUCT', 'm', 'Contact the publisher.')]);
    expect(route.target).toContain('Tailspin');
    expect(steps(route)[0]).toContain('contact Tailspin at https://tailspin.example/help / help@tailspin.example / +1 555 0100');
    expect(steps(route).slice(1)).toEqual(['Contact the publisher.']);
  });

  it('when the publisher left only a mail, then that is the one contact named, and there is no link', () => {
    const route = isvRoute({ publisher: 'Tailspin', supportEmail: 'help@tailspin.example' }, []);
    expect(steps(route)[0]).toContain('contact Tailspin at help@tailspin.example.');
    expect(route).not.toHaveProperty('deepLink');
  });

  it('when no publisher is on file, then the target is the product publisher and there is no contact or link', () => {
    const route = isvRoute(undefined, []);
    expect(route.target).toMatch(/publisher/);
    expect(route).not.toHaveProperty('isv');
    expect(route).not.toHaveProperty('deepLink');
  });
});

describe("the partner's own subscription", () => {
  const plan = { kind: 'azure-support-plan' as const, id: 'ASP-7' };

  it('when it is Azure, then the partner files it in its own Azure portal quoting its plan, with the Azure severity', () => {
    const route = partnerOwnRoute(plan, anAzureRequest({ severity: 'high' }), aPartner(), 'public');
    expect(route.target).toContain('Azure support plan');
    const [where, quote, severity] = (route.payload as { instructions: string[] }).instructions;
    expect(where).toContain('Azure portal');
    expect(quote).toContain('Azure support plan: ASP-7');
    expect(severity).toContain('moderate');
  });

  it('when it is Microsoft 365, then the partner files it in its own admin center, with the Sev letter', () => {
    const route = partnerOwnRoute(plan, anM365Request({ severity: 'critical' }), aPartner(), 'public');
    const [where, , severity] = (route.payload as { instructions: string[] }).instructions;
    expect(where).toContain('Microsoft 365 admin center');
    expect(severity).toContain('Sev A');
  });
});

describe('forwarding to the indirect provider', () => {
  it('when the reseller sent every detail, then the provider gets each of them, the reseller contact with its phone', () => {
    const azure = { resourceId: '/subscriptions/x/resourceGroups/rg' };
    const request = anAzureRequest({ azure, customerContact: { email: 'it@contoso.example' } });
    const route = indirectProviderRoute(PROVIDER_TENANT, 'tkt_1', request, aPartner({ type: 'indirect-reseller' }));
    expect(route.target).toContain(PROVIDER_TENANT);
    const payload = route.payload as { forwardingNote: string; request: Record<string, unknown>; resellerContact: unknown };
    expect(payload.forwardingNote).toContain(`customer ${request.customerTenantId}`);
    expect(payload.request).toStrictEqual({
      relayTicketId: 'tkt_1',
      customerTenantId: request.customerTenantId,
      workload: 'azure',
      product: 'Azure',
      subscriptionId: request.subscriptionId,
      service: 'Virtual Machines',
      region: 'West Europe',
      title: request.title,
      description: request.description,
      severity: 'moderate',
      azure,
    });
    expect(payload.resellerContact).toStrictEqual({ name: 'Ada Lovelace', email: 'support@fabrikam.example', phone: '+1 425 555 0100' });
  });

  it('when details were left out, then the provider gets no empty fields for them', () => {
    const { subscriptionId: _s, service: _v, region: _r, ...bare } = anAzureRequest();
    const partner = aPartner({ contact: { name: 'Fabrikam desk', email: 'desk@fabrikam.example' } });
    const payload = indirectProviderRoute(PROVIDER_TENANT, 'tkt_1', bare, partner).payload as { request: object; resellerContact: object };
    expect(Object.keys(payload.request)).not.toEqual(expect.arrayContaining(['subscriptionId']));
    expect(payload.request).not.toHaveProperty('service');
    expect(payload.request).not.toHaveProperty('region');
    expect(payload.request).not.toHaveProperty('azure');
    expect(payload.resellerContact).toStrictEqual({ name: 'Fabrikam desk', email: 'desk@fabrikam.example' });
  });
});

describe('no route', () => {
  it('when the customer may file itself, or may not, then the guidance says which', () => {
    const may = noneRoute([], true).payload as { selfFileGuidance: string };
    const mayNot = noneRoute([], false).payload as { selfFileGuidance: string };
    expect(may.selfFileGuidance).toMatch(/may open the request with Microsoft itself/);
    expect(mayNot.selfFileGuidance).toMatch(/cannot open the request with Microsoft itself/);
    expect(noneRoute([], null).payload).toStrictEqual({ nextSteps: [] });
  });
});

describe('Microsoft 365 hand-off packet', () => {
  it('when the request names a service and is Sev A, then the steps say where to describe it, the 24x7 duty and where to review it', () => {
    const packet = buildM365Packet(anM365Request({ severity: 'critical' }), aPartner(), 'm365-admin-center', 'tkt_1');
    expect(packet.steps).toHaveLength(6);
    expect(packet.steps[1]).toContain('Microsoft 365 > Exchange Online');
    expect(packet.steps[2]).toMatch(/partner contact/);
    expect(packet.steps[3]).toMatch(/24x7/);
    expect(packet.steps[4]).toContain('Microsoft 365 admin center > Support > View service requests');
    expect(packet.reportCase?.body).toStrictEqual({ microsoftCaseId: expect.any(String), filedBy: expect.any(String) });
    expect(Object.values(packet.reportCase?.body ?? {}).every((v) => v.length > 0)).toBe(true);
    expect(packet.partnerContact).toStrictEqual({
      name: 'Ada Lovelace',
      email: 'support@fabrikam.example',
      phone: '+1 425 555 0100',
      preferredContactMethod: 'email',
    });
  });

  it('when the request names no service and is not Sev A, then it is described under the product alone and no 24x7 step is added', () => {
    const { service: _none, ...request } = anM365Request({ severity: 'low' });
    const partner = aPartner({ contact: { name: 'Fabrikam desk', email: 'desk@fabrikam.example' } });
    const packet = buildM365Packet(request, partner);
    expect(packet.steps).toHaveLength(4);
    expect(packet.steps[1]).toMatch(/under Microsoft 365\.$/);
    expect(packet.steps.join(' ')).not.toMatch(/24x7/);
    expect(packet.partnerContact).toStrictEqual({ name: 'Fabrikam desk', email: 'desk@fabrikam.example', preferredContactMethod: 'email' });
  });
});

describe('routeTicket: what the partner reads', () => {
  it('when the partner is in the public cloud and the relay serves US Government, then the partner still gets public links', () => {
    const result = routeTicket(routeInput({ cloud: 'usgov', partner: aPartner({ cloud: 'public' }) }));
    expect(result.route.deepLink).toMatch(/^https:\/\/portal\.azure\.com\//);
  });

  it('when a hand-off goes to an admin center, then its target names that admin center', () => {
    const m365 = routeTicket(routeInput({ request: anM365Request(), eligibility: eligible({ channel: 'm365-admin-center' }) }));
    expect(m365.route.target).toContain('Microsoft 365 admin center');
    const dynamics = anM365Request({ workload: 'dynamics' });
    const ppac = routeTicket(routeInput({ request: dynamics, eligibility: eligible({ channel: 'power-platform-admin-center' }) }));
    expect(ppac.route.target).toContain('Power Platform admin center');
  });

  it('when a reseller has no provider on file, then nothing is forwarded and it gets the reasons instead', () => {
    const result = routeTicket(routeInput({ eligibility: eligible({ decision: 'ineligible', channel: 'indirect-provider' }) }));
    expect(result.route.channel).toBe('none');
  });

  it('when the submitter insists past a known incident, then the warning names the incident and says to mention it', () => {
    const result = routeTicket(
      routeInput({ gate: { kind: 'incident', issue: anIssue() }, request: anAzureRequest({ escalateDespiteIncident: true }) }),
    );
    const overridden = result.reasons.find((r) => r.code === 'KNOWN_INCIDENT_OVERRIDDEN');
    expect(overridden?.message).toContain('VM123456');
    expect(overridden?.message).toContain('VM start failures');
    expect(overridden?.fix).toMatch(/incident id/);
  });

  it.each([
    [[aServiceStatus({ status: 'serviceDegradation' })], 'Exchange Online (serviceDegradation) is not healthy'],
    [
      [aServiceStatus({ status: 'serviceDegradation' }), aServiceStatus({ service: 'Teams', status: 'investigating' })],
      'Exchange Online (serviceDegradation), Teams (investigating) are not healthy',
    ],
  ])('when services are unhealthy and the request names none, then the warning lists them', (services, text) => {
    const { service: _none, ...request } = anM365Request();
    const result = routeTicket(
      routeInput({ request, gate: { kind: 'possible', services }, eligibility: eligible({ channel: 'm365-admin-center' }) }),
    );
    const possible = result.reasons.find((r) => r.code === 'POSSIBLE_KNOWN_INCIDENT');
    expect(possible?.message).toContain(text);
    expect(possible?.fix).toMatch(/name the service/);
  });

  it('when a request is held, then the partner reads the incident, that nothing was filed, and how to follow it', () => {
    const withUrl = routeTicket(routeInput({ gate: { kind: 'incident', issue: anIssue({ url: 'https://status.example/VM1' }) } }));
    expect(withUrl.reasons[0]?.message).toContain('VM123456 for Virtual Machines: "VM start failures". Nothing was filed.');
    expect(withUrl.reasons[0]?.fix).toMatch(/escalateDespiteIncident: true/);
    expect(steps(withUrl.route)[0]).toContain('Follow VM123456 at https://status.example/VM1;');
    const without = routeTicket(routeInput({ gate: { kind: 'incident', issue: anIssue() } }));
    expect(steps(without.route)[0]).toContain('Follow VM123456 in service health;');
    expect(without.incident).not.toHaveProperty('url');
  });

  it.each([
    ['azure-support', { partner: null }, 'partner'],
    ['azure-support', { customer: null }, 'customer'],
    ['azure-support', { request: anAzureRequest({ subscriptionId: undefined }) }, 'subscriptionId'],
    ['m365-admin-center', { customer: null }, 'customer'],
    ['m365-admin-center', { partner: null }, 'partner'],
    ['power-platform-admin-center', { partner: null }, 'partner'],
    ['partner-own-support', {}, 'plan'],
    [
      'partner-own-support',
      { partner: null, eligibility: eligible({ channel: 'partner-own-support', plan: { kind: 'premier', id: 'P' } }) },
      'partner',
    ],
    [
      'indirect-provider',
      { partner: null, eligibility: eligible({ channel: 'indirect-provider', providerTenantId: PROVIDER_TENANT }) },
      'partner',
    ],
  ] as const)('when an eligible %s route lacks what eligibility promised, then routing stops naming it (%j)', (channel, over, what) => {
    const input = routeInput({ eligibility: eligible({ channel }), customer: aCustomer(), ...over });
    expect(() => routeTicket(input)).toThrow(`needs ${what}, which is missing`);
  });
});

describe('contact names and ticket names', () => {
  it('when a name has extra spaces, then first and last names are the words', () => {
    expect(splitName('  Ada   King  Lovelace ')).toEqual({ firstName: 'Ada King', lastName: 'Lovelace' });
    expect(splitName(' Cher ')).toEqual({ firstName: 'Cher', lastName: 'Cher' });
  });

  it('when the namespace is not a UUID, then no ticket name is made from it', () => {
    expect(() => uuidV5('tkt_1', 'not-a-uuid')).toThrow('is not a UUID');
  });
});
