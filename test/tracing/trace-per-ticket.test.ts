import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signProducerMessage } from '../../shared/adapters/webhooks/producer-signature.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { QUEUES } from '../../shared/queues.js';
import { mailIssue } from '../notifications/support/notify-relay.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';
import { idsOf, recordSpans, startHeaderReceiver } from './support.js';

// README "Tracing": one ticket is one trace, from the intake request through every stage to the webhook delivery.
describe('a trace per ticket, through the local host', () => {
  const recorded = recordSpans();
  let relay: TestRelay;
  let apiKey: string;
  let tool: NewToolCredentials;
  let receiver: Awaited<ReturnType<typeof startHeaderReceiver>>;

  beforeAll(async () => {
    receiver = await startHeaderReceiver();
    ({ relay } = await startDemoRelay());
    tool = await relay.addTool(DEMO.direct, receiver.url);
    apiKey = tool.apiKey;
  });
  afterAll(async () => {
    await relay.stop();
    await receiver.close();
    recorded.stop();
  });

  /** Submits the mail issue (Adatum, eligible: m365-admin-center) and waits until its webhook was delivered. */
  async function submitDelivered(headers: Record<string, string> = {}): Promise<string> {
    const res = await relay.submit(apiKey, mailIssue, randomBytes(8).toString('hex'), headers);
    expect(res.status).toBe(202);
    const { ticketId } = (await res.json()) as { ticketId: string };
    await relay.drain();
    expect(receiver.callsFor(ticketId)).toHaveLength(1);
    return ticketId;
  }

  /** The ticket's spans by name, found by their ticket id attribute (not by trace id: that is what is checked). */
  function spansOf(ticketId: string): Map<string, ReadableSpan> {
    const mine = recorded.spans().filter((s) => s.attributes['relay.ticket_id'] === ticketId);
    return new Map(mine.map((s) => [s.name, s]));
  }

  /** The client span of the webhook POST: the one whose span id the receiver got in its `traceparent`. */
  function webhookSpan(ticketId: string): { span: ReadableSpan | undefined; header: string } {
    const header = String(receiver.callsFor(ticketId)[0]!.headers.traceparent);
    return { span: recorded.spans().find((s) => s.spanContext().spanId === idsOf(header).spanId), header };
  }

  it('when a ticket runs to its webhook, then intake, every stage and the delivery share one trace id, chained parent to child', async () => {
    const ticketId = await submitDelivered();
    const spans = spansOf(ticketId);
    expect([...spans.keys()].sort()).toEqual(['eligibility', 'intake http', 'notifications', 'recording', 'routing']);
    const intake = spans.get('intake http')!;
    const traceId = intake.spanContext().traceId;
    expect(intake.parentSpanContext).toBeUndefined();
    expect(intake.kind).toBe(SpanKind.SERVER);
    for (const span of spans.values()) expect(span.spanContext().traceId).toBe(traceId);

    const { span: webhook, header } = webhookSpan(ticketId);
    expect(idsOf(header).traceId).toBe(traceId);
    expect(webhook?.kind).toBe(SpanKind.CLIENT);
    expect(webhook?.attributes['server.address']).toBe('127.0.0.1');
    expect(webhook?.attributes['http.response.status_code']).toBe(200);

    // Each stage is the child of the span that sent its message; recording ran inline inside routing's invocation.
    const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;
    const idOf = (name: string) => spans.get(name)!.spanContext().spanId;
    expect(parentOf(spans.get('eligibility'))).toBe(idOf('intake http'));
    expect(parentOf(spans.get('routing'))).toBe(idOf('eligibility'));
    expect(parentOf(spans.get('recording'))).toBe(idOf('routing'));
    expect(spans.get('recording')!.attributes['relay.inline']).toBe(true);
    expect(parentOf(spans.get('notifications'))).toBe(idOf('routing'));
    expect(parentOf(webhook)).toBe(idOf('notifications'));
  });

  it('when a stage runs, then its span names the stage, the partner and the delivery count, and nothing of the request', async () => {
    const ticketId = await submitDelivered();
    const eligibility = spansOf(ticketId).get('eligibility')!;
    expect(eligibility.attributes).toMatchObject({
      'relay.stage': 'eligibility',
      'relay.partner_tenant_id': DEMO.direct,
      'messaging.servicebus.message.delivery_count': 1,
      'messaging.destination.name': 'eligibility',
      'relay.result': 'advanced',
    });
    const everything = JSON.stringify(recorded.spans().map((s) => [s.name, s.attributes, s.events, s.status]));
    for (const secret of [apiKey, mailIssue.description, mailIssue.agent.userPrincipalName, '/callback'])
      expect(everything).not.toContain(secret);
  });

  it('when two tickets are submitted, then each has a trace of its own', async () => {
    const first = spansOf(await submitDelivered()).get('intake http')!;
    const second = spansOf(await submitDelivered()).get('intake http')!;
    expect(second.spanContext().traceId).not.toBe(first.spanContext().traceId);
  });

  it('when the caller sends a valid traceparent, then the ticket continues the caller trace up to the webhook', async () => {
    const callerTrace = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const ticketId = await submitDelivered({ traceparent: `00-${callerTrace}-${callerSpan}-01` });
    const intake = spansOf(ticketId).get('intake http')!;
    expect(intake.spanContext().traceId).toBe(callerTrace);
    expect(intake.parentSpanContext?.spanId).toBe(callerSpan);
    expect(spansOf(ticketId).get('notifications')!.spanContext().traceId).toBe(callerTrace);
    expect(idsOf(webhookSpan(ticketId).header).traceId).toBe(callerTrace);
  });

  it.each([
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${'a'.repeat(16)}-01`],
    ['upper-case hex', `00-${'A'.repeat(32)}-${'B'.repeat(16)}-01`],
    ['version ff', `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`],
    ['a short span id', `00-${'a'.repeat(32)}-${'b'.repeat(15)}-01`],
    ['no traceparent shape at all', 'not-a-trace'],
  ])('when the caller sends a traceparent with %s, then it is ignored: accepted, in a new trace', async (_what, traceparent) => {
    const ticketId = await submitDelivered({ traceparent });
    const intake = spansOf(ticketId).get('intake http')!;
    expect(intake.parentSpanContext).toBeUndefined();
    expect(traceparent).not.toContain(intake.spanContext().traceId);
    expect(idsOf(webhookSpan(ticketId).header).traceId).toBe(intake.spanContext().traceId);
  });

  // A producer's Service Bus SDK with tracing on stamps Diagnostic-Id (W3C format) and no traceparent.
  it.each(['traceparent', 'Diagnostic-Id'])(
    'when a queue producer sends its trace as %s, then the ticket continues it',
    async (property) => {
      const producerTrace = randomBytes(16).toString('hex');
      const messageId = `q-${randomBytes(6).toString('hex')}`;
      const body = JSON.stringify(mailIssue);
      const signature = signProducerMessage({ messageId, body, secret: tool.signingSecret });
      const trace = { [property]: `00-${producerTrace}-${randomBytes(8).toString('hex')}-01` };
      const applicationProperties = { ...signature, partnerTenantId: DEMO.direct, toolId: tool.tool.toolId, ...trace };
      await relay.host.bus.send(QUEUES.serviceRequests, [{ messageId, body, applicationProperties }]);
      await relay.drain();
      const intake = recorded.spans().find((s) => s.name === 'intake queue' && s.attributes['messaging.message.id'] === messageId);
      expect(intake?.spanContext().traceId).toBe(producerTrace);
      const ticketId = String(intake?.attributes['relay.ticket_id']);
      expect(spansOf(ticketId).get('eligibility')?.spanContext().traceId).toBe(producerTrace);
      expect(idsOf(receiver.callsFor(ticketId)[0]?.headers.traceparent).traceId).toBe(producerTrace);
    },
  );
});
