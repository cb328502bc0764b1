import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import functions, { type HttpResponseInit } from '@azure/functions';
import { BodyTooLargeError, MAX_BODY_BYTES } from '../http/read-body.js';
import type { FunctionDefinition } from '../registry.js';
import { errorMessage } from '../errors.js';

// @azure/functions is CommonJS; Node's ESM loader cannot see its class exports by name.
const { HttpRequest, HttpResponse, InvocationContext } = functions;

type HttpDefinition = Extract<FunctionDefinition, { kind: 'http' }>;
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | Promise<boolean>;

/**
 * Same routes as Azure (`/api/<route>`), handlers called with the real HttpRequest / InvocationContext classes. The
 * body reaches a function as a stream, as in Azure with HTTP streams enabled (shared/registry.ts), so a function can
 * answer from the headers (401) before a byte of the body is read, and reading stops at MAX_BODY_BYTES (413).
 */
export function createFunctionsServer(
  definitions: FunctionDefinition[],
  options: { log: (line: string) => void; extra?: ExtraRoute },
): Server {
  const routes = definitions.filter((d): d is HttpDefinition => d.kind === 'http').map((d) => ({ def: d, pattern: compile(d.route) }));
  return createServer((req, res) => {
    // Whatever the function did not read is never read: the connection closes once the answer is sent.
    res.on('finish', () => {
      if (!req.complete) req.socket.destroySoon();
    });
    void serve(req, res).catch((error: unknown) => {
      options.log(`local host: request failed: ${errorMessage(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json', connection: 'close' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, detail: 'local host failure' }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', originOf(req));
    const path = url.pathname.startsWith('/api/') ? url.pathname.slice(5) : null;
    if (path === null) {
      // Operator and demo routes take small bodies, read whole but never past the limit.
      const body = await readCapped(req, MAX_BODY_BYTES);
      if (body === null) return tooLarge(res);
      if (options.extra && (await options.extra(req, res, body))) return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const matches = path === null ? [] : routes.map((r) => ({ ...r, params: r.pattern(path) })).filter((r) => r.params);
    const match = matches.find((r) => r.def.methods.includes(method as never));
    if (!match) {
      const status = matches.length ? 405 : 404;
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: status === 405 ? 'Method not allowed' : 'Not found',
          status,
          detail: `${method} ${url.pathname}`,
        }),
      );
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const nativeRequest = new Request(url.toString(), {
      method,
      headers,
      ...(hasBody ? { body: bodyStream(req, MAX_BODY_BYTES), duplex: 'half' } : {}),
    });
    // `nativeRequest` is how the library's own streaming mode builds an HttpRequest; the public init type omits it.
    const init = {
      method,
      url: url.toString(),
      headers: Object.fromEntries(headers),
      query: Object.fromEntries(url.searchParams),
      params: match.params ?? {},
      nativeRequest,
    };
    const request = new HttpRequest(init);
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: match.def.name,
      logHandler: (_level, ...args) => options.log(args.map(String).join(' ')),
    });
    const result = await match.def.handler(request, context);
    await writeResponse(res, result, !req.complete);
  }
}

/** The request body as a web stream that errors (BodyTooLargeError) at the first byte past `limit`. */
function bodyStream(req: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  let size = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) {
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
          return;
        }
        req.pause();
        controller.error(new BodyTooLargeError());
      });
      req.on('end', () => controller.close());
      req.on('error', (error) => controller.error(error));
      req.pause();
    },
    pull() {
      if (size <= limit) req.resume();
    },
    cancel() {
      req.pause();
    },
  });
}

/** The whole body, or null as soon as it passes `limit`. */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(res: ServerResponse): void {
  res.writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Payload too large',
      status: 413,
      detail: `The body may be at most ${MAX_BODY_BYTES} bytes.`,
    }),
  );
}

async function writeResponse(
  res: ServerResponse,
  result: HttpResponseInit | InstanceType<typeof HttpResponse>,
  unread: boolean,
): Promise<void> {
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  // An answer given before the body was read (401, 413) ends the connection instead of draining what is left.
  if (unread) headers.connection = 'close';
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/** `v1/service-requests/{ticketId}` → matcher returning the route params, or null. */
function compile(route: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = route
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\??\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}/?$`);
  return (path) => {
    const m = regex.exec(path);
    if (!m) return null;
    try {
      return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    } catch {
      // Malformed percent-encoding (`%E0`, `%ZZ`) names nothing that can exist: 404, not a local-host 500.
      return null;
    }
  };
}

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin the caller used, as Azure's host puts it in `request.url` (so an address built from it, such as a
 * connector's webhook URL, works from the caller's side); a missing or odd Host header falls back to this socket.
 */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return `http://${HOST.test(host) ? host : `127.0.0.1:${req.socket.localPort ?? 80}`}`;
}
