import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EligibilityResult } from '../../../shared/domain/eligibility/types.js';
import type { IncidentGateResult } from '../../../shared/domain/routing/incident-gate.js';
import { routeTicket } from '../../../shared/domain/routing/route-ticket.js';
import { CHANNELS } from '../../../shared/domain/route.js';
import { SEVERITIES } from '../../../shared/domain/submission.js';
import { anAzureRequest, anIssue, aPartner, aServiceStatus, PROVIDER_TENANT, routeInput } from './builders.js';

/** Free text that cannot contain the customer-contact markers by accident. */
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !s.includes('CUST'));
const token = fc.stringMatching(/^[a-z0-9]{6,12}$/);

const customerContact = fc.record({
  name: token.map((t) => `CUSTNAME ${t}`),
  email: token.map((t) => `CUSTMAIL.${t}@customer.example`),
  phone: token.map((t) => `+99 CUSTPHONE ${t}`),
});

const partnerStaff = fc.option(
  fc.record({
    name: text,
    email: fc.emailAddress(),
    phone: fc.option(fc.stringMatching(/^\+[0-9]{6,12}$/), { nil: undefined }),
    preferredContactMethod: fc.constantFrom('email' as const, 'phone' as const),
  }),
  { nil: undefined },
);

const eligibilityFor = (channel: (typeof CHANNELS)[number], decision: 'eligible' | 'ineligible'): EligibilityResult => ({
  decision,
  reasons: [],
  channel,
  customerCanSelfFile: decision === 'ineligible' ? false : null,
  ...(channel === 'partner-own-support' ? { plan: { kind: 'unified' as const, id: 'UNI-1' } } : {}),
  ...(channel === 'indirect-provider' ? { providerTenantId: PROVIDER_TENANT } : {}),
  ...(channel === 'isv-support' ? { isv: { publisher: 'Tailspin', supportEmail: 'help@tailspin.example' } } : {}),
});

const gate = fc.constantFrom<IncidentGateResult>(
  { kind: 'none' },
  { kind: 'incident', issue: anIssue() },
  { kind: 'possible', services: [aServiceStatus({ status: 'serviceDegradation' })] },
);

const scenario = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  decision: fc.constantFrom('eligible' as const, 'ineligible' as const),
  workload: fc.constantFrom('azure' as const, 'office365' as const, 'ems' as const, 'dynamics' as const),
  severity: fc.constantFrom(...SEVERITIES),
  title: text,
  description: text,
  service: fc.option(text, { nil: undefined }),
  staff: partnerStaff,
  customerContact,
  gate,
  escalate: fc.boolean(),
  cloud: fc.constantFrom('public' as const, 'usgov' as const),
  ticketId: fc.string({ minLength: 1, maxLength: 30 }),
});

describe('routing never leaks the customer contact', () => {
  it('when any request is routed on any channel, then the customer contact appears nowhere in the route, and an Azure body carries the partner contact and the CSP plan', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const partner = aPartner({ cloud: s.cloud });
        const request = anAzureRequest({
          workload: s.workload,
          severity: s.severity,
          title: s.title,
          description: s.description,
          service: s.service,
          customerContact: s.customerContact,
          escalateDespiteIncident: s.escalate,
          ...(s.staff ? { contact: s.staff } : {}),
        });
        const result = routeTicket(
          routeInput({ ticketId: s.ticketId, request, partner, eligibility: eligibilityFor(s.channel, s.decision), gate: s.gate }),
        );

        const json = JSON.stringify(result.route);
        for (const value of Object.values(s.customerContact)) expect(json).not.toContain(JSON.stringify(value).slice(1, -1));

        if (result.route.channel === 'azure-support') {
          const props = (result.route.payload as { body: { properties: Record<string, unknown> } }).body.properties;
          expect(props['supportPlanType']).toBe('Cloud Solution Provider');
          expect(props['contactDetails']).toMatchObject({ primaryEmailAddress: s.staff?.email ?? partner.contact.email });
        }
      }),
      { numRuns: 300 },
    );
  });
});
