import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { errorCodeOf, errorName } from '../errors.js';
import { DeadLetterError } from '../ports/bus.js';

/** The instrumentation scope of every span the relay makes (README "Tracing"). */
const tracer = trace.getTracer('csp-support-relay');

/**
 * What a span may carry: ids and counts only (ticket, stage, partner tenant, delivery count), never a secret, a
 * request body, customer contact data or a URL's path and query (callback URLs can hold tokens).
 */
export const ATTRIBUTES = {
  ticketId: 'relay.ticket_id',
  stage: 'relay.stage',
  partnerTenantId: 'relay.partner_tenant_id',
  result: 'relay.result',
  inline: 'relay.inline',
  deliveryCount: 'messaging.servicebus.message.delivery_count',
  messageId: 'messaging.message.id',
  queue: 'messaging.destination.name',
  statusCode: 'http.response.status_code',
  method: 'http.request.method',
  serverAddress: 'server.address',
} as const;

export interface SpanOptions {
  kind?: SpanKind;
  /** The parent; by default the span running now (none: a new trace). */
  parent?: Context;
  attributes?: Attributes;
}

/**
 * Runs `work` inside a new active span, so spans and messages started inside it are its children. A throw marks the
 * span as failed and is rethrown unchanged.
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { kind = SpanKind.INTERNAL, parent = context.active(), attributes } = options;
  return tracer.startActiveSpan(name, { kind, ...(attributes ? { attributes } : {}) }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The status names the failure by its class and code only (`RestError 503`, `DeadLetterError TicketNotFound`): a
 * foreign error's message can echo a request URL or a header, which must not reach the telemetry store.
 */
function failSpan(span: Span, error: unknown): void {
  const code = error instanceof DeadLetterError ? error.reason : errorCodeOf(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code ? `${errorName(error)} ${code}` : errorName(error) });
}

/** Adds attributes to the span running now (the stage learns the ticket id only once it has read the message). */
export function annotate(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

export { SpanKind };
