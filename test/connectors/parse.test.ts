import { describe, expect, it } from 'vitest';
import { parseAutotask } from '../../shared/connectors/inbound/autotask.js';
import { parseConnectWise } from '../../shared/connectors/inbound/connectwise.js';
import { parseHalo } from '../../shared/connectors/inbound/halo.js';
import { fixture } from './support.js';

describe('each PSA payload read into one ticket event', () => {
  it("when the recorded webhooks are read, then ticket id, company, title, priority and category come from each PSA's own fields", () => {
    expect(parseHalo(fixture('halo-ticket-logged.json'))).toMatchObject({
      kind: 'ticket',
      event: { psaTicketId: '40217', companyId: '12', companyName: 'Adatum Corporation', priority: '2', category: 'Exchange Online' },
    });
    expect(parseConnectWise(fixture('connectwise-ticket-added.json'))).toMatchObject({
      kind: 'ticket',
      event: { psaTicketId: '881234', companyId: '12', priority: '1', category: 'Microsoft Teams', agentHint: 'lee' },
    });
    expect(parseAutotask(fixture('autotask-ticket-create.json'))).toMatchObject({
      kind: 'ticket',
      event: { psaTicketId: '351181', companyId: '12', title: 'SharePoint site returns access denied', priority: '3', category: '8' },
    });
  });

  it('when a new Autotask ticket lacks CompanyID, then it is invalid and says which field to include; an update lacking it is ignored', () => {
    const body = fixture('autotask-ticket-create.json');
    const fields = { ...(body.Fields as object), CompanyID: undefined };
    expect(parseAutotask({ ...body, Fields: fields })).toEqual({
      kind: 'invalid',
      detail: expect.stringContaining('Fields.CompanyID') as string,
    });
    expect(parseAutotask({ ...body, Action: 'Update', Fields: fields })).toMatchObject({ kind: 'ignored' });
  });

  it('when a payload is not a ticket (a deletion, another callback type, no ticket object, a broken Entity), then it is ignored or invalid, never a ticket', () => {
    const cw = fixture('connectwise-ticket-added.json');
    expect(parseConnectWise({ ...cw, Action: 'deleted' })).toMatchObject({ kind: 'ignored', psaTicketId: '881234' });
    expect(parseConnectWise({ ...cw, Type: 'company' })).toMatchObject({ kind: 'ignored' });
    expect(parseConnectWise({ ...cw, Entity: '{not json' })).toMatchObject({ kind: 'invalid' });
    expect(parseHalo({ id: 'x', event: 'Client Updated' })).toMatchObject({ kind: 'ignored' });
    expect(parseHalo([1, 2])).toMatchObject({ kind: 'invalid' });
    expect(parseAutotask({ ...fixture('autotask-ticket-create.json'), Action: 'Delete' })).toMatchObject({
      kind: 'ignored',
      psaTicketId: '351181',
    });
  });
});
