import { describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { messageJson } from '../../shared/pipeline/envelope.js';
import { runStage } from '../../shared/pipeline/run-stage.js';
import { QUEUES } from '../../shared/queues.js';
import { pipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * The message a stage sends the next one: its id (duplicate detection), its properties, the ticket snapshot it
 * carries so the next stage skips a read — and never the customer's contact details — and the eligibility note.
 */

async function setUp() {
  const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  const to = (ticketId: string, queue: string) =>
    h.sent.filter((s) => s.queue === queue && (s.message.body as { ticketId: string }).ticketId === ticketId).at(-1)!.message;
  return { h, to };
}

describe('stage messages', () => {
  it('when a ticket moves on, then its message is named by ticket and stage, says partner and stage, and carries the ticket as written', async () => {
    const { h, to } = await setUp();
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    const message = to(ticketId, QUEUES.routing);
    expect(message.messageId).toBe(`${ticketId}:routing`);
    expect(message.applicationProperties).toMatchObject({ partnerTenantId: DEMO.direct, stage: 'routing' });
    const stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    expect(message.body).toMatchObject({
      ticketId,
      snapshot: { etag: stored.etag, version: stored.version, ticket: { ticketId, status: 'checked' } },
    });
  });

  it("when the request holds the customer's contact details, then no message carries the ticket (personal data stays out of queues)", async () => {
    const { h, to } = await setUp();
    const ticketId = await h.submit({ ...mailIssue, customerContact: { name: 'Avery Adatum', email: 'avery@adatum.example' } });
    await h.runStage(ticketId, 'eligibility');
    const message = to(ticketId, QUEUES.routing);
    expect(message.body).not.toHaveProperty('snapshot');
    expect(JSON.stringify(message)).not.toContain('avery@adatum.example');
  });

  it('when the ticket is too big to carry (title and description full of quotes: over 64 KB of JSON), then the message goes without it', async () => {
    const { h, to } = await setUp();
    // Every quote doubles in JSON: the free-text fields at their longest, all quotes, are over 64 KB as a snapshot.
    const quotes = (n: number) => '"'.repeat(n);
    const ticketId = await h.submit({
      ...mailIssue,
      title: quotes(200),
      description: quotes(32_000),
      region: quotes(100),
      externalRef: quotes(100),
    });
    await h.runStage(ticketId, 'eligibility');
    expect(to(ticketId, QUEUES.routing).body).not.toHaveProperty('snapshot');
    expect(await h.runStage(ticketId, 'routing')).toBe('advanced');
  });

  it("when a message carries another ticket's snapshot, then the stage ignores it and works on the ticket it names", async () => {
    const { h, to } = await setUp();
    const [mine, other] = [await h.submit(mailIssue), await h.submit({ ...mailIssue, customerTenantId: DEMO.litware })];
    await h.runStage(other, 'eligibility');
    const otherSnapshot = (to(other, QUEUES.routing).body as { snapshot: unknown }).snapshot;
    const forged = { ...(to(mine, QUEUES.eligibility).body as object), snapshot: otherSnapshot };
    expect(await runStage(h.deps, 'eligibility', forged)).toBe('advanced');
    expect((await h.deps.tickets.get(DEMO.direct, mine))!.ticket).toMatchObject({ status: 'checked', decision: 'eligible' });
    expect((await h.deps.tickets.get(DEMO.direct, other))!.ticket.nextStage).toBe('routing');
  });

  it('when eligibility decides, then the history says the decision and its codes, or that nothing was found', async () => {
    const { h } = await setUp();
    const note = async (body: unknown) => {
      const ticketId = await h.submit(body);
      await h.runStage(ticketId, 'eligibility');
      return (await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)!.note;
    };
    expect(await note(mailIssue)).toBe('eligible (no findings)');
    expect(await note({ ...mailIssue, customerTenantId: DEMO.litware })).toBe('ineligible (NO_ACTIVE_GDAP)');
  });

  it('when a trigger hands the body over as an object, a JSON string or bytes, then it is the same message; text that is not JSON stays as it came', () => {
    const body = { v: 1, ticketId: 'tk_1' };
    expect(messageJson(body)).toBe(body);
    expect(messageJson(JSON.stringify(body))).toEqual(body);
    expect(messageJson(new TextEncoder().encode(JSON.stringify(body)))).toEqual(body);
    expect(messageJson('not json')).toBe('not json');
  });
});
