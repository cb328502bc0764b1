import { SpanStatusCode } from '@opentelemetry/api';
import { ATTRIBUTES, inSpan, SpanKind } from './spans.js';
import { traceHeaders } from './trace-context.js';

/** What an outgoing call records on its span, and the headers that carry the trace to the receiver. */
export interface ClientSpan {
  traceHeaders: Record<string, string>;
  /** The host only: a URL's path and query can hold a partner's token. */
  setHost(host: string): void;
  /** The answer's status (null: no answer); a failed call marks the span failed. */
  done(statusCode: number | null, ok: boolean): void;
}

/** A client span around one outgoing HTTP call (a webhook, a PSA API call), child of the span running now. */
export function clientSpan<T>(name: string, method: string, call: (span: ClientSpan) => Promise<T>): Promise<T> {
  return inSpan(name, { kind: SpanKind.CLIENT, attributes: { [ATTRIBUTES.method]: method } }, (span) => {
    return call({
      traceHeaders: traceHeaders(),
      setHost: (host) => span.setAttribute(ATTRIBUTES.serverAddress, host),
      done: (statusCode, ok) => {
        if (statusCode !== null) span.setAttribute(ATTRIBUTES.statusCode, statusCode);
        if (!ok) span.setStatus({ code: SpanStatusCode.ERROR });
      },
    });
  });
}
