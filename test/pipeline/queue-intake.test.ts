import { beforeAll, describe, expect, it } from 'vitest';
import { signProducerMessage } from '../../shared/adapters/webhooks/producer-signature.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { submitFromQueue, type QueueSubmission } from '../../shared/pipeline/queue-intake.js';
import { SIGNATURE_PROPERTY, TIMESTAMP_PROPERTY } from '../../shared/ports/bus.js';
import { deadLetterOf, pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * Intake from the service-requests queue, called as the intake function calls it: the body as the trigger hands it
 * over (bytes, a string, an object), signed by the producer over "<messageId>.<relay-timestamp>.<body>". A message
 * that can never succeed is dead-lettered with a reason and a description an operator can act on.
 */
describe('queue intake', () => {
  let h: PipelineHarness;
  let producer: { toolId: string; secret: string };
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
    const added = await h.deps.tools.add({ partnerTenantId: DEMO.direct, name: 'queue producer' });
    producer = { toolId: added.tool.toolId, secret: added.signingSecret };
  });

  let n = 0;
  /** A message signed over `signedText`, with `body` as the trigger hands it over. */
  function message(body: unknown, signedText: string, messageId = `msg-${++n}-${Date.now()}`): QueueSubmission {
    const props = signProducerMessage({ messageId, body: signedText, secret: producer.secret });
    return {
      body,
      messageId,
      partnerTenantId: DEMO.direct,
      toolId: producer.toolId,
      timestamp: props[TIMESTAMP_PROPERTY],
      signature: props[SIGNATURE_PROPERTY],
    };
  }
  const accepted = async (input: QueueSubmission) => {
    await submitFromQueue(h.deps, input);
    return h.deps.tickets.findIdempotency(DEMO.direct, producer.toolId, input.messageId);
  };
  const deadLetter = (input: QueueSubmission) => deadLetterOf(submitFromQueue(h.deps, input));

  it('when the body arrives as bytes of JSON, then those bytes are what was signed and the ticket is accepted', async () => {
    const text = JSON.stringify(mailIssue);
    expect(await accepted(message(new TextEncoder().encode(text), text))).not.toBeNull();
  });

  it('when the producer sent a string (the SDK JSON-quotes it), then the text inside the quotes is what was signed', async () => {
    const text = JSON.stringify(mailIssue);
    const quoted = `  ${JSON.stringify(text)}`;
    expect(await accepted(message(new TextEncoder().encode(quoted), text))).not.toBeNull();
  });

  it('when the host hands over a string or an already parsed object, then that text, or its JSON, is what was signed', async () => {
    const text = JSON.stringify(mailIssue);
    expect(await accepted(message(text, text))).not.toBeNull();
    expect(await accepted(message(mailIssue, text))).not.toBeNull();
  });

  it('when a quoted body is not a JSON string, then the bytes are taken as they are (and are not JSON: dead-lettered)', async () => {
    const broken = '"{not closed';
    expect(await deadLetter(message(new TextEncoder().encode(broken), broken))).toEqual({
      reason: 'SchemaValidationFailed',
      description: 'body is not JSON',
    });
  });

  it('when the message has no messageId, then it is dead-lettered before anything else, saying the key is required', async () => {
    const text = JSON.stringify(mailIssue);
    expect(await deadLetter({ ...message(text, text), messageId: '' })).toEqual({
      reason: 'SchemaValidationFailed',
      description: 'messageId (the idempotency key) is required',
    });
  });

  it('when fields are invalid, then the description lists their paths, and no ticket is written', async () => {
    const body = { ...mailIssue, title: '', workload: 'fax' };
    const text = JSON.stringify(body);
    const input = message(text, text);
    expect(await deadLetter(input)).toEqual({ reason: 'SchemaValidationFailed', description: 'invalid fields: workload, title' });
    expect(await h.deps.tickets.findIdempotency(DEMO.direct, producer.toolId, input.messageId)).toBeNull();
  });

  it('when a messageId is reused with another body, then it is dead-lettered naming the first ticket', async () => {
    const text = JSON.stringify(mailIssue);
    const first = message(text, text);
    const record = await accepted(first);
    const other = JSON.stringify({ ...mailIssue, title: 'Another' });
    expect(await deadLetter(message(other, other, first.messageId))).toEqual({
      reason: 'IdempotencyKeyReused',
      description: `messageId already used for ticket ${record!.ticketId} with another body`,
    });
  });

  it('when very many fields are invalid, then the description stays within 200 characters (what Service Bus keeps)', async () => {
    // Every field of the request, and of its contact blocks, of the wrong type: 26 paths, over 400 characters listed.
    const wrong = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 1]));
    const body = {
      ...wrong('customerTenantId', 'workload', 'title', 'description', 'severity', 'agent', 'service', 'subscriptionId', 'productId'),
      ...wrong('region', 'externalRef', 'escalateDespiteIncident'),
      contact: wrong('name', 'email', 'phone', 'preferredContactMethod', 'timeZone', 'country', 'language'),
      customerContact: wrong('name', 'email', 'phone'),
      azure: wrong('serviceId', 'problemClassificationId', 'resourceId', 'problemStartTime'),
    };
    const text = JSON.stringify(body);
    const { reason, description } = await deadLetter(message(text, text));
    expect(reason).toBe('SchemaValidationFailed');
    expect(description).toMatch(/^invalid fields: /);
    expect(description).toHaveLength(200);
  });

  it('when the message has no body, then it is refused as not JSON, not as unsigned', async () => {
    expect(await deadLetter(message(undefined, ''))).toEqual({ reason: 'SchemaValidationFailed', description: 'body is not JSON' });
  });
});
