import { describe, expect, it } from 'vitest';
import { noteText } from '../../shared/connectors/note-text.js';
import type { TicketView } from '../../shared/domain/ticket.js';

const base: TicketView = {
  ticketId: 'tk_1',
  externalRef: '40217',
  partnerTenantId: 'p',
  customerTenantId: 'c',
  workload: 'azure',
  service: 'Virtual Machines',
  severity: 'high',
  status: 'recorded',
  decision: 'eligible',
  reasons: [],
  route: null,
  incident: null,
  customerCanSelfFile: null,
  case: { state: null },
  timings: {} as TicketView['timings'],
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('the note written on the PSA ticket', () => {
  it('when a ticket was refused, then each reason and its fix are in the note, with the event marker last', () => {
    const text = noteText('evt_1', 'ticket.rejected', {
      ...base,
      status: 'recorded',
      decision: 'ineligible',
      reasons: [
        {
          code: 'NO_ACTIVE_GDAP',
          severity: 'block',
          message: 'The GDAP relationship expired.',
          fix: 'Ask the customer to approve a new relationship.',
        },
      ] as TicketView['reasons'],
    });
    expect(text).toContain('Escalation refused');
    expect(text).toContain('Decision: ineligible');
    expect(text).toContain('- The GDAP relationship expired. Fix: Ask the customer to approve a new relationship.');
    expect(text.split('\n').at(-1)).toBe('[relay event evt_1]');
  });

  it('when an Azure ticket was filed and an incident held it, then the Azure ticket id, the incident and the case are in the note', () => {
    const text = noteText('evt_2', 'ticket.held', {
      ...base,
      status: 'held',
      route: {
        channel: 'azure-support',
        target: 'Azure support (CSP plan)',
        deepLink: 'https://portal.azure.com/x',
        microsoftTicketId: '2412010040001234',
      } as TicketView['route'],
      incident: { id: 'MO123', source: 'graph', service: 'Exchange Online', status: 'serviceDegradation', title: 'Mail delayed' },
      case: { state: 'filed', microsoftCaseId: '2412010040001234' },
    });
    expect(text).toContain('Held: a known Microsoft incident covers this');
    expect(text).toContain('Channel: Azure support (CSP plan)');
    expect(text).toContain('Open: https://portal.azure.com/x');
    expect(text).toContain('Azure ticket: 2412010040001234');
    expect(text).toContain('Incident MO123 (serviceDegradation): Mail delayed');
    expect(text).toContain('Case: filed (2412010040001234)');
  });
});
