import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Spans kept in memory, as a test process's only tracer provider (each test file runs in a process of its own).
 * Registered before the relay starts, so the host's startTracing finds a context manager already installed.
 */
export function recordSpans(): { spans: () => ReadableSpan[]; stop: () => void } {
  const exporter = new InMemorySpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  return {
    spans: () => exporter.getFinishedSpans(),
    stop: () => {
      trace.disable();
      context.disable();
    },
  };
}

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  body: { type?: string; data?: { ticketId?: string } };
}

/** A tool's callback on 127.0.0.1 that answers 200 and keeps each request's headers and body. */
export async function startHeaderReceiver() {
  const calls: ReceivedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedCall['body'] });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    callsFor: (ticketId: string) => calls.filter((c) => c.body.data?.ticketId === ticketId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `00-<trace id>-<span id>-<flags>` split into its ids. */
export function idsOf(traceparent: unknown): { traceId: string; spanId: string } {
  const [, traceId = '', spanId = ''] = String(traceparent).split('-');
  return { traceId, spanId };
}
