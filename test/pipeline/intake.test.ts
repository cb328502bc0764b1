import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { submitServiceRequest } from '../../shared/pipeline/intake.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/** Intake as the HTTP and queue faces call it: what is kept of a submission, and retries of an accepted key. */
describe('intake', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });
  const submit = (body: unknown, key = randomBytes(8).toString('hex'), rawBody = JSON.stringify(body)) =>
    submitServiceRequest(h.deps, { tool: h.tool, idempotencyKey: key, rawBody, body });

  it("when the customer's contact is given, then the ticket keeps it beside the request, not in it", async () => {
    const contact = { name: 'Ana Ruiz', email: 'ana@adatum.example' };
    const result = await submit({ ...mailIssue, customerContact: contact });
    expect(result.kind).toBe('accepted');
    const ticketId = result.kind === 'accepted' ? result.response.ticketId : '';
    const { ticket } = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    expect(ticket.customerContact).toEqual(contact);
    expect(ticket.request).not.toHaveProperty('customerContact');
    const plain = await submit(mailIssue);
    const other = (await h.deps.tickets.get(DEMO.direct, plain.kind === 'accepted' ? plain.response.ticketId : ''))!;
    expect(other.ticket).not.toHaveProperty('customerContact');
  });

  it('when an accepted key comes back with the same bytes that no longer pass the schema, then the stored answer is replayed', async () => {
    const key = randomBytes(8).toString('hex');
    const first = await submit(mailIssue, key);
    // Same raw bytes, parsed into something the schema refuses (as if the schema had changed since).
    const again = await submit({ ...mailIssue, colour: 'red' }, key, JSON.stringify(mailIssue));
    expect(first.kind).toBe('accepted');
    expect(again).toEqual({ kind: 'accepted', response: first.kind === 'accepted' ? first.response : null, replayed: true });
  });

  it('when an accepted key comes back with other bytes that do not pass the schema, then it is a reused key naming the ticket', async () => {
    const key = randomBytes(8).toString('hex');
    const first = await submit(mailIssue, key);
    const again = await submit({ title: '' }, key);
    expect(again).toEqual({ kind: 'key-reused', ticketId: first.kind === 'accepted' ? first.response.ticketId : null });
  });

  it('when a new key comes with a body the schema refuses, then the fields are named and nothing is written', async () => {
    const key = randomBytes(8).toString('hex');
    const result = await submit({ ...mailIssue, title: '' }, key);
    expect(result).toMatchObject({ kind: 'invalid', errors: [{ path: 'title' }] });
    expect(await h.deps.tickets.findIdempotency(DEMO.direct, h.tool.toolId, key)).toBeNull();
  });
});
