import { describe, expect, it } from 'vitest';
import { buildAzureSupportTicket, wireBody } from '../../../shared/domain/routing/azure-support-body.js';
import { azureTicketName, uuidV5 } from '../../../shared/domain/routing/ticket-name.js';
import { anAzureRequest, aPartner, SUBSCRIPTION } from './builders.js';

const build = (request = anAzureRequest(), partner = aPartner(), ticketId = 'tkt_1') =>
  buildAzureSupportTicket({ ticketId, request, partner, subscriptionId: SUBSCRIPTION });

describe('Azure Support API request', () => {
  it('when built, then it is a PUT of the deterministic ticket name under the subscription, api-version 2024-04-01', () => {
    const ticket = build();
    expect(ticket.method).toBe('PUT');
    expect(ticket.path).toBe(
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Support/supportTickets/${azureTicketName('tkt_1')}?api-version=2024-04-01`,
    );
  });

  it('when the same ticket id is built twice, then the Azure ticket name is the same; another id gives another name', () => {
    expect(build().ticketName).toBe(build().ticketName);
    expect(build(undefined, undefined, 'tkt_2').ticketName).not.toBe(build().ticketName);
    expect(build().ticketName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('when deriving a name-based UUID, then it matches the RFC 4122 version-5 reference value', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('when the tool sends no partner contact, then the partner profile is the contact, with documented defaults', () => {
    expect(build().body.properties.contactDetails).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      primaryEmailAddress: 'support@fabrikam.example',
      preferredContactMethod: 'email',
      preferredTimeZone: 'UTC',
      country: 'usa',
      preferredSupportLanguage: 'en-us',
      phoneNumber: '+1 425 555 0100',
    });
  });

  it('when the tool sends its staff contact, then that contact is used as given', () => {
    const contact = {
      name: 'Grace Brewster Hopper',
      email: 'grace@fabrikam.example',
      phone: '+49 30 1234',
      preferredContactMethod: 'phone' as const,
      timeZone: 'W. Europe Standard Time',
      country: 'DEU',
      language: 'de-de',
    };
    expect(build(anAzureRequest({ contact })).body.properties.contactDetails).toEqual({
      firstName: 'Grace Brewster',
      lastName: 'Hopper',
      primaryEmailAddress: 'grace@fabrikam.example',
      preferredContactMethod: 'phone',
      preferredTimeZone: 'W. Europe Standard Time',
      country: 'deu',
      preferredSupportLanguage: 'de-de',
      phoneNumber: '+49 30 1234',
    });
  });

  it('when phone is preferred but no number is known, then e-mail is the contact method', () => {
    const contact = { name: 'Cher', email: 'cher@fabrikam.example', preferredContactMethod: 'phone' as const };
    const details = build(anAzureRequest({ contact })).body.properties.contactDetails;
    expect(details).toMatchObject({ firstName: 'Cher', lastName: 'Cher', preferredContactMethod: 'email' });
    expect(details).not.toHaveProperty('phoneNumber');
  });

  it('when built, then it names the Cloud Solution Provider plan, declines diagnostic consent and maps the severity', () => {
    const props = build(anAzureRequest({ severity: 'critical' })).body.properties;
    expect(props).toMatchObject({
      supportPlanType: 'Cloud Solution Provider',
      advancedDiagnosticConsent: 'No',
      severity: 'critical',
      require24X7Response: true,
      title: 'VMs do not start',
      description: 'Since 09:00 no VM in rg-prod starts.',
    });
    expect(build().body.properties).toMatchObject({ severity: 'minimal', require24X7Response: false });
  });

  it('when Azure details are given, then service, classification, resource and start time are carried', () => {
    const azure = {
      serviceId: '/providers/Microsoft.Support/services/abc',
      problemClassificationId: '/providers/Microsoft.Support/services/abc/problemClassifications/def',
      resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`,
      problemStartTime: '2025-06-01T09:00:00Z',
    };
    const ticket = build(anAzureRequest({ azure }));
    expect(ticket.body.properties).toMatchObject({
      serviceId: azure.serviceId,
      problemClassificationId: azure.problemClassificationId,
      technicalTicketDetails: { resourceId: azure.resourceId },
      problemStartTime: azure.problemStartTime,
    });
    expect(ticket.missingForSubmission).toEqual([]);
  });

  it('when the service and classification are not given, then they are absent and listed as missing for API filing', () => {
    const ticket = build();
    expect(ticket.body.properties).not.toHaveProperty('serviceId');
    expect(ticket.body.properties).not.toHaveProperty('technicalTicketDetails');
    expect(ticket.missingForSubmission).toEqual(['serviceId', 'problemClassificationId']);
  });

  it('when preparing the body to send, then the read-only plan type is left out and everything else kept', () => {
    const ticket = build();
    const { supportPlanType: _plan, ...rest } = ticket.body.properties;
    expect(wireBody(ticket)).toEqual({ properties: rest });
  });
});
