import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signProducerMessage } from '../../shared/adapters/webhooks/producer-signature.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { MAX_DELIVERY_COUNT, QUEUES } from '../../shared/queues.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';

const submission = {
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  service: 'Microsoft Teams',
  title: 'Calls drop after 60 seconds',
  description: 'All users in the Warsaw office.',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
};

describe('intake from the service-requests queue (queue producers)', () => {
  let relay: TestRelay;
  let tool: NewToolCredentials;
  let toolId: string;
  let resellerTool: NewToolCredentials;

  beforeAll(async () => {
    const started = await startDemoRelay();
    relay = started.relay;
    tool = started.tool;
    toolId = tool.tool.toolId;
    resellerTool = await relay.addTool(DEMO.reseller);
  });
  afterAll(() => relay.stop());

  /** As a producer sends: the body as JSON text, signed over "<messageId>.<relay-timestamp>.<body>" (README "Queue producers sign their messages"). */
  const send = (messageId: string, body: unknown, props: Record<string, string>, secret = tool.signingSecret, signedId = messageId) => {
    const text = JSON.stringify(body);
    const signature = signProducerMessage({ messageId: signedId, body: text, secret });
    return relay.host.bus.send(QUEUES.serviceRequests, [{ messageId, body: text, applicationProperties: { ...signature, ...props } }]);
  };
  /** A producer sending bytes, signed over exactly those bytes. */
  const sendBytes = (messageId: string, bytes: Buffer, props: Record<string, string>, signedId = messageId) => {
    const signature = signProducerMessage({ messageId: signedId, body: bytes.toString('utf8'), secret: tool.signingSecret });
    return relay.host.bus.send(QUEUES.serviceRequests, [{ messageId, body: bytes, applicationProperties: { ...signature, ...props } }]);
  };
  const sendUnsigned = (messageId: string, body: unknown, props: Record<string, string>) =>
    relay.host.bus.send(QUEUES.serviceRequests, [{ messageId, body, applicationProperties: props }]);
  const deadLetter = async (messageId: string) =>
    (await relay.host.bus.peekDeadLetters(QUEUES.serviceRequests)).find((m) => m.messageId === messageId);

  it('when a registered producer sends a request, then a ticket is created under its partner with messageId as the idempotency key', async () => {
    await send('queue-msg-1', { ...submission, externalRef: 'Q-1' }, { partnerTenantId: DEMO.direct, toolId });
    await relay.drain();
    const page = await relay.deps.tickets.list(DEMO.direct, { externalRef: 'Q-1', limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.status).toBe('recorded');
    expect(await relay.deps.tickets.findIdempotency(DEMO.direct, toolId, 'queue-msg-1')).not.toBeNull();
  });

  it('when a dead letter is replayed through Service Bus under a new id, then the original id stays the idempotency key: no second ticket', async () => {
    await send('queue-msg-2', { ...submission, externalRef: 'Q-2' }, { partnerTenantId: DEMO.direct, toolId });
    // The replay carries the original's properties, signature included: it was signed over the original id.
    await send(
      'queue-msg-2#replay-7',
      { ...submission, externalRef: 'Q-2' },
      { partnerTenantId: DEMO.direct, toolId, 'relay-replay-of': 'queue-msg-2' },
      tool.signingSecret,
      'queue-msg-2',
    );
    await relay.drain();
    expect((await relay.deps.tickets.list(DEMO.direct, { externalRef: 'Q-2', limit: 10 })).items).toHaveLength(1);
  });

  it('when a producer sends bytes, then the signature and the idempotency fingerprint cover exactly those bytes: other whitespace or key order under the same key is IdempotencyKeyReused', async () => {
    const request = { ...submission, externalRef: 'Q-bytes' };
    const spaced = Buffer.from(JSON.stringify(request, null, 2));
    const compact = Buffer.from(JSON.stringify(request));
    const reordered = Buffer.from(JSON.stringify({ externalRef: 'Q-bytes', ...submission }, null, 2));
    const props = { partnerTenantId: DEMO.direct, toolId };
    // A resend under the same key travels as a replay: duplicate detection would drop the same id within its window.
    const resend = (n: number, bytes: Buffer) =>
      sendBytes(`queue-bytes#replay-${n}`, bytes, { ...props, 'relay-replay-of': 'queue-bytes' }, 'queue-bytes');
    await sendBytes('queue-bytes', spaced, props);
    await relay.drain();
    await resend(1, spaced);
    await resend(2, compact);
    await resend(3, reordered);
    await relay.drain();

    expect((await relay.deps.tickets.list(DEMO.direct, { externalRef: 'Q-bytes', limit: 10 })).items).toHaveLength(1);
    const record = await relay.deps.tickets.findIdempotency(DEMO.direct, toolId, 'queue-bytes');
    expect(record?.fingerprint).toBe(createHash('sha256').update(spaced).digest('hex'));
    expect(await deadLetter('queue-bytes#replay-1')).toBeUndefined(); // byte-identical: the same ticket, nothing dead-lettered
    for (const id of ['queue-bytes#replay-2', 'queue-bytes#replay-3']) {
      expect((await deadLetter(id))?.deadLetterErrorDescription).toMatch(
        new RegExp(`^IdempotencyKeyReused: messageId already used for ticket ${record?.ticketId} with another body`),
      );
    }
  });

  it('when the body is invalid, then, as in Azure, it is dead-lettered after maxDeliveryCount with SchemaValidationFailed in the description and no ticket is written', async () => {
    await send('queue-msg-bad', { ...submission, workload: 'xbox', externalRef: 'Q-bad' }, { partnerTenantId: DEMO.direct, toolId });
    await relay.drain();
    const dead = await relay.host.bus.peekDeadLetters(QUEUES.serviceRequests);
    const letter = dead.find((m) => m.messageId === 'queue-msg-bad');
    expect(letter).toMatchObject({ deadLetterReason: 'MaxDeliveryCountExceeded', deliveryCount: MAX_DELIVERY_COUNT });
    expect(letter?.deadLetterErrorDescription).toMatch(/^SchemaValidationFailed: invalid fields: .*workload/);
    expect((await relay.deps.tickets.list(DEMO.direct, { externalRef: 'Q-bad', limit: 10 })).items).toHaveLength(0);
  });

  it('when tool A signs a message claiming partner B, then it is dead-lettered Unauthenticated and nothing is written', async () => {
    await send('queue-msg-spoof', { ...submission, externalRef: 'Q-spoof' }, { partnerTenantId: DEMO.reseller, toolId });
    await relay.drain();
    expect((await deadLetter('queue-msg-spoof'))?.deadLetterErrorDescription).toMatch(/^Unauthenticated: /);
    expect((await relay.deps.tickets.list(DEMO.reseller, { externalRef: 'Q-spoof', limit: 10 })).items).toHaveLength(0);
    expect((await relay.deps.tickets.list(DEMO.direct, { externalRef: 'Q-spoof', limit: 10 })).items).toHaveLength(0);
  });

  it.each([
    ['carries no signature', (id: string, body: object) => sendUnsigned(id, body, { partnerTenantId: DEMO.direct, toolId })],
    [
      "names tool A but is signed with B's secret",
      (id: string, body: object) => send(id, body, { partnerTenantId: DEMO.direct, toolId }, resellerTool.signingSecret),
    ],
    [
      'was signed for another messageId',
      (id: string, body: object) => send(id, body, { partnerTenantId: DEMO.direct, toolId }, tool.signingSecret, 'other-id'),
    ],
    [
      'names a tool that does not exist',
      (id: string, body: object) => send(id, body, { partnerTenantId: DEMO.direct, toolId: 'tool_AAAAAAAAAAAA' }),
    ],
  ])('when a message %s, then it is dead-lettered Unauthenticated and no ticket is written', async (_label, sendIt) => {
    const id = `queue-msg-unauth-${_label.length}`;
    await sendIt(id, { ...submission, externalRef: id });
    await relay.drain();
    const letter = await deadLetter(id);
    expect(letter).toMatchObject({ deadLetterReason: 'MaxDeliveryCountExceeded', deliveryCount: MAX_DELIVERY_COUNT });
    expect(letter?.deadLetterErrorDescription).toMatch(/^Unauthenticated: relay-signature does not verify/);
    expect((await relay.deps.tickets.list(DEMO.direct, { externalRef: id, limit: 10 })).items).toHaveLength(0);
  });

  it("when B's own tool signs the same claim, then it is processed (positive control)", async () => {
    await send(
      'queue-msg-reseller',
      { ...submission, externalRef: 'Q-reseller' },
      { partnerTenantId: DEMO.reseller, toolId: resellerTool.tool.toolId },
      resellerTool.signingSecret,
    );
    await relay.drain();
    expect(await deadLetter('queue-msg-reseller')).toBeUndefined();
    expect((await relay.deps.tickets.list(DEMO.reseller, { externalRef: 'Q-reseller', limit: 10 })).items).toHaveLength(1);
  });
});

describe('stage envelopes as triggers may deliver them', () => {
  it('when an envelope arrives as an object, a JSON string or bytes, then it parses the same; anything else is SchemaValidationFailed', async () => {
    const { parseEnvelope } = await import('../../shared/pipeline/run-stage.js');
    const envelope = { v: 1, type: 'ticket.stage', ticketId: 'tk_1', partnerTenantId: DEMO.direct, correlationId: 'c1', attempt: 1 };
    expect(parseEnvelope(envelope)).toEqual(envelope);
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual(envelope);
    expect(parseEnvelope(Buffer.from(JSON.stringify(envelope)))).toEqual(envelope);
    expect(() => parseEnvelope('not json')).toThrow(/SchemaValidationFailed/);
  });
});
