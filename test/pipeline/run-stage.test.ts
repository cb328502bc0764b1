import { beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { runStage } from '../../shared/pipeline/run-stage.js';
import { deadLetterOf, pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * What a stage does with a message it can never handle: dead-lettered with a reason and a description that tell the
 * operator what was wrong (`relay deliveries` / the dead-letter queue show them), never retried for nothing.
 */
describe('a stage given a message it cannot handle', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });
  const deadLetter = (body: unknown) => deadLetterOf(runStage(h.deps, 'eligibility', body));

  it('when fields of the envelope are missing, then the description names each path', async () => {
    const { reason, description } = await deadLetter({ v: 1, attempt: 1 });
    expect(reason).toBe('SchemaValidationFailed');
    expect(description).toMatch(/^envelope invalid at: /);
    expect(description.slice('envelope invalid at: '.length).split(', ')).toEqual(expect.arrayContaining(['ticketId', 'partnerTenantId']));
  });

  it('when the message is not an object at all, then the description says the body is wrong', async () => {
    expect(await deadLetter(42)).toEqual({ reason: 'SchemaValidationFailed', description: 'envelope invalid at: (body)' });
  });

  it("when the ticket is not in the named partner's tickets, then TicketNotFound names the ticket", async () => {
    const ticketId = await h.submit(mailIssue);
    const body = { ...(h.messageFor(ticketId, 'eligibility') as Record<string, unknown>), snapshot: undefined };
    const stranger = '99999999-9999-4999-8999-999999999999';
    expect(await deadLetter({ ...body, partnerTenantId: stranger })).toEqual({
      reason: 'TicketNotFound',
      description: `no ticket ${ticketId} for this partner`,
    });
  });
});
