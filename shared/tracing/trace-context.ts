import { context, createTraceState, isSpanContextValid, ROOT_CONTEXT, trace, type Context, type SpanContext } from '@opentelemetry/api';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): how one ticket stays one trace across HTTP, every queue
 * message and the outgoing webhook. Parsed and written here with the API package alone, so the always-loaded part of
 * the app needs no SDK.
 */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** Message application properties that carry the trace (README "Tracing"). */
export const TRACEPARENT_PROPERTY = 'traceparent';
export const TRACESTATE_PROPERTY = 'tracestate';
/**
 * Service Bus SDKs with tracing on stamp the sending span here, in traceparent format (Microsoft Learn, "Distributed
 * tracing and correlation through Service Bus messaging"). Read when a producer sent no `traceparent`; written too, so
 * the Functions host's own processing of the message joins the ticket's trace.
 */
export const DIAGNOSTIC_ID_PROPERTY = 'Diagnostic-Id';

// version-traceid-parentid-flags; a later version may append fields after a dash, version ff is forbidden.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const MAX_TRACESTATE_CHARS = 512;

/** The remote span a `traceparent` names, or null when it is not a valid one (then a new trace starts). */
export function parseTraceparent(value: unknown, tracestate?: unknown): SpanContext | null {
  if (typeof value !== 'string') return null;
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return null;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  const parsed: SpanContext = { traceId: traceId!, spanId: spanId!, traceFlags: parseInt(flags!, 16) & 1, isRemote: true };
  if (!isSpanContextValid(parsed)) return null;
  if (typeof tracestate === 'string' && tracestate.length > 0 && tracestate.length <= MAX_TRACESTATE_CHARS) {
    parsed.traceState = createTraceState(tracestate);
  }
  return parsed;
}

export function formatTraceparent(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-0${(span.traceFlags & 1).toString(16)}`;
}

/** A context whose parent is the first valid carrier given (in order of preference); the root context when none is. */
export function parentFrom(...carriers: (Partial<Record<string, unknown>> | undefined)[]): Context {
  for (const carrier of carriers) {
    const parsed = parseTraceparent(carrier?.traceparent, carrier?.tracestate);
    if (parsed) return trace.setSpanContext(ROOT_CONTEXT, parsed);
  }
  return ROOT_CONTEXT;
}

/** The trace a message's application properties carry: `traceparent` (+ `tracestate`), else a W3C `Diagnostic-Id`. */
export function messageTrace(properties: unknown): Partial<Record<string, unknown>>[] {
  const props = properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
  return [
    { traceparent: props[TRACEPARENT_PROPERTY], tracestate: props[TRACESTATE_PROPERTY] },
    { traceparent: props[DIAGNOSTIC_ID_PROPERTY] },
  ];
}

/** The span running now, as a carrier; undefined when there is none (tracing off and no caller trace). */
export function currentTrace(): TraceCarrier | undefined {
  const span = trace.getSpanContext(context.active());
  if (!span || !isSpanContextValid(span)) return undefined;
  const state = span.traceState?.serialize();
  return { traceparent: formatTraceparent(span), ...(state ? { tracestate: state } : {}) };
}

/**
 * Application properties for a message about a ticket: the span sending it, or else (a timer, a case update, a
 * release) the trace the ticket started in, so every message of one ticket is in one trace.
 */
export function traceProperties(stored?: TraceCarrier): Record<string, string> {
  const carrier = currentTrace() ?? stored;
  if (!carrier) return {};
  return { ...traceFields(carrier), [DIAGNOSTIC_ID_PROPERTY]: carrier.traceparent };
}

/** `traceparent` (+ `tracestate`) of the span running now, as HTTP headers for an outgoing call; none without a span. */
export function traceHeaders(): Record<string, string> {
  const carrier = currentTrace();
  return carrier ? traceFields(carrier) : {};
}

function traceFields(carrier: TraceCarrier): Record<string, string> {
  return {
    [TRACEPARENT_PROPERTY]: carrier.traceparent,
    ...(carrier.tracestate ? { [TRACESTATE_PROPERTY]: carrier.tracestate } : {}),
  };
}
