import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { textOf } from '../text-of.js';
import { ATTRIBUTES, inSpan, SpanKind } from './spans.js';
import { messageTrace, parentFrom } from './trace-context.js';

/** The trace the Functions host started for this invocation (Azure only; the local host passes none). */
function hostTrace(context: InvocationContext): Partial<Record<string, unknown>> {
  return { traceparent: context.traceContext?.traceParent, tracestate: context.traceContext?.traceState };
}

/**
 * A server span around an HTTP function. It continues the caller's W3C `traceparent` header when it is valid (a
 * malformed one is ignored: a new trace, and the request is handled as usual), else the host's own trace. A 5xx
 * answer marks the span failed.
 */
export function inHttpSpan(
  name: string,
  request: HttpRequest,
  context: InvocationContext,
  handle: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  const fromCaller = { traceparent: request.headers.get('traceparent'), tracestate: request.headers.get('tracestate') };
  const parent = parentFrom(fromCaller, hostTrace(context));
  return inSpan(name, { kind: SpanKind.SERVER, parent, attributes: { [ATTRIBUTES.method]: request.method } }, async (span) => {
    const response = await handle();
    const status = response.status ?? 200;
    span.setAttribute(ATTRIBUTES.statusCode, status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  });
}

/**
 * A consumer span around a Service Bus function, child of the trace the message carries in its application
 * properties (`traceparent`, else `Diagnostic-Id`), else of the host's trace. A throw (the host abandons the message
 * and Service Bus redelivers it) marks the span failed.
 */
export function inMessageSpan<T>(
  name: string,
  context: InvocationContext,
  queue: string,
  work: (span: Span) => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  const meta = context.triggerMetadata ?? {};
  const parent = parentFrom(...messageTrace(meta.applicationProperties), hostTrace(context));
  const span: Attributes = {
    [ATTRIBUTES.queue]: queue,
    [ATTRIBUTES.messageId]: textOf(meta.messageId),
    [ATTRIBUTES.deliveryCount]: Number(meta.deliveryCount ?? 1),
    ...attributes,
  };
  return inSpan(name, { kind: SpanKind.CONSUMER, parent, attributes: span }, work);
}
