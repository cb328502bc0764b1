import { describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { listTickets, parseListQuery, viewTicket } from '../../shared/pipeline/ticket-queries.js';
import { pipelineHarness, withTickets } from './harness.js';
import { mailIssue } from './mail-issue.js';

/** `GET /api/v1/service-requests` (its query) and `GET …/{ticketId}`, called as the HTTP functions call them. */

const parse = (query: string) => parseListQuery(new URLSearchParams(query));

describe('list query parameters', () => {
  it('when nothing is given, then 50 per page; limit takes 1 to 200 whole numbers', () => {
    expect(parse('')).toEqual({ ok: true, query: { limit: 50 } });
    expect(parse('limit=1')).toEqual({ ok: true, query: { limit: 1 } });
    expect(parse('limit=200')).toEqual({ ok: true, query: { limit: 200 } });
    for (const bad of ['0', '201', '1.5', 'ten']) {
      expect(parse(`limit=${bad}`)).toEqual({ ok: false, errors: [{ path: 'limit', message: 'must be an integer from 1 to 200' }] });
    }
  });

  it('when status or caseState is not one of the documented values, then 400 lists them', () => {
    expect(parse('status=notified&caseState=filed')).toEqual({ ok: true, query: { limit: 50, status: 'notified', caseState: 'filed' } });
    expect(parse('status=done&caseState=open')).toEqual({
      ok: false,
      errors: [
        { path: 'status', message: 'must be one of received, checked, routed, recorded, notified, held, closed, failed' },
        { path: 'caseState', message: 'must be one of awaiting-filing, filed, closed' },
      ],
    });
  });

  it('when since is a date-time it is used; anything else is a 400', () => {
    expect(parse('since=2026-12-01T00:00:00Z')).toEqual({ ok: true, query: { limit: 50, since: new Date('2026-12-01T00:00:00Z') } });
    expect(parse('since=yesterday')).toEqual({ ok: false, errors: [{ path: 'since', message: 'must be an ISO-8601 date-time' }] });
  });

  it('when externalRef is longer than any stored one (100), then only its first 100 characters are looked for; a cursor is passed on', () => {
    const long = 'R'.repeat(150);
    expect(parse(`externalRef=${long}&cursor=abc`)).toEqual({
      ok: true,
      query: { limit: 50, externalRef: 'R'.repeat(100), cursor: 'abc' },
    });
  });
});

describe('listing and viewing', () => {
  it('when the cursor is not one the API returned, then the answer says so; when storage fails, the error is not mistaken for it', async () => {
    const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
    expect(await listTickets(h.deps, DEMO.direct, { limit: 10, cursor: 'not-a-cursor' })).toEqual({ invalidCursor: true });
    const failing = withTickets(h.deps, { list: () => Promise.reject(new Error('storage unavailable')) });
    await expect(listTickets(failing, DEMO.direct, { limit: 10 })).rejects.toThrow('storage unavailable');
  });

  it("when storage hands back another partner's ticket (a key mix-up), then it is not shown; the owner sees it (positive control)", async () => {
    const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
    const ticketId = await h.submit(mailIssue);
    expect(await viewTicket(h.deps, DEMO.direct, ticketId)).toMatchObject({ ticketId, partnerTenantId: DEMO.direct });
    // Every read answers with Contoso's ticket, whoever asks.
    const mixedUp = withTickets(h.deps, { get: () => h.deps.tickets.get(DEMO.direct, ticketId) });
    expect(await viewTicket(mixedUp, DEMO.reseller, ticketId)).toBeNull();
  });
});
