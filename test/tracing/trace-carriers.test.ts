import { ROOT_CONTEXT } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../shared/adapters/bus/embedded-broker.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { outboxFor } from '../../shared/pipeline/envelope.js';
import { sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import type { ReceivedMessage } from '../../shared/ports/bus.js';
import { inSpan, SpanKind } from '../../shared/tracing/spans.js';
import { parseTraceparent } from '../../shared/tracing/trace-context.js';
import { mailIssue } from '../notifications/support/notify-relay.js';
import { pipelineHarness, type PipelineHarness } from '../pipeline/harness.js';
import { idsOf, recordSpans } from './support.js';

const recorded = recordSpans();
afterAll(() => recorded.stop());

/** Runs `work` as the intake span of a new trace; returns its result and that trace id. */
async function inNewTrace<T>(work: () => Promise<T>): Promise<{ result: T; traceId: string }> {
  let traceId = '';
  const result = await inSpan('test intake', { kind: SpanKind.SERVER, parent: ROOT_CONTEXT }, (span) => {
    traceId = span.spanContext().traceId;
    return work();
  });
  return { result, traceId };
}

describe('messages of a ticket sent outside any span keep its trace', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });

  it('when the outbox sweeper re-sends a ticket message, then the re-sent message carries the intake trace', async () => {
    const { result: ticketId, traceId } = await inNewTrace(() => h.submit(mailIssue));
    h.sent.length = 0;
    // The sweeper runs from a timer: no span is active, the trace comes from the stored outbox row.
    expect(await sweepOutbox(h.deps, 0)).toBe(1);
    const [resent] = h.sent;
    expect((resent?.message.body as { ticketId: string }).ticketId).toBe(ticketId);
    expect(idsOf(resent?.message.applicationProperties?.traceparent).traceId).toBe(traceId);
  });

  it('when a message is owed outside a span (a case update, a timer), then it carries the trace the ticket started in', async () => {
    const { result: ticketId, traceId } = await inNewTrace(() => h.submit(mailIssue));
    const stored = await h.deps.tickets.get(DEMO.direct, ticketId);
    const owed = outboxFor({ ...stored!.ticket, nextStage: 'notifications', pendingEvent: 'ticket.filed' });
    expect(idsOf(owed?.message.applicationProperties?.traceparent).traceId).toBe(traceId);
  });

  it('when a message is owed inside a span, then it names that span as the parent of the next stage', async () => {
    const { result: ticketId } = await inNewTrace(() => h.submit(mailIssue));
    const stored = await h.deps.tickets.get(DEMO.direct, ticketId);
    const { result: owed, traceId } = await inNewTrace(async () => outboxFor(stored!.ticket));
    expect(idsOf(owed?.message.applicationProperties?.traceparent).traceId).toBe(traceId);
  });
});

describe('the embedded broker keeps application properties as Service Bus does', () => {
  const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;

  it('when a message is redelivered and then replayed from the dead-letter queue, then every delivery has its trace properties', async () => {
    const broker = new EmbeddedBroker({ maxDeliveryCount: 2 });
    const seen: ReceivedMessage[] = [];
    const subscription = broker.subscribe('q', async (message) => {
      seen.push(message);
      if (seen.length <= 2) throw new Error('fails twice: redelivered once, then dead-lettered');
    });
    await broker.send('q', [{ messageId: 'm-1', body: { n: 1 }, applicationProperties: { traceparent, tracestate: 'relay=1' } }]);
    await broker.idle();
    expect(await broker.replayDeadLetters('q')).toBe(1);
    await broker.idle();
    await subscription.close();
    await broker.close();
    expect(seen.map((m) => m.deliveryCount)).toEqual([1, 2, 1]);
    for (const message of seen) expect(message.applicationProperties).toMatchObject({ traceparent, tracestate: 'relay=1' });
  });
});

describe('a traceparent from outside', () => {
  it('when it is a later version with more fields, then its ids are used (W3C: parse what version 00 defines)', () => {
    expect(parseTraceparent(`01-${'a'.repeat(32)}-${'b'.repeat(16)}-01-more`)).toMatchObject({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
    });
  });

  it('when version 00 has more fields, or the span id is all zeros, then it is refused', () => {
    expect(parseTraceparent(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01-more`)).toBeNull();
    expect(parseTraceparent(`00-${'a'.repeat(32)}-${'0'.repeat(16)}-01`)).toBeNull();
  });

  it('when it comes with a tracestate, then the tracestate is kept for the spans and messages that follow', () => {
    const parsed = parseTraceparent(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, 'vendor=abc,other=1');
    expect(parsed?.traceState?.get('vendor')).toBe('abc');
  });
});
