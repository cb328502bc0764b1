import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import functions, { type HttpResponseInit } from '@azure/functions';
import type { FunctionDefinition } from '../registry.js';

// @azure/functions is CommonJS; Node's ESM loader cannot see its class exports by name.
const { HttpRequest, HttpResponse, InvocationContext } = functions;

type HttpDefinition = Extract<FunctionDefinition, { kind: 'http' }>;
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | Promise<boolean>;

/** Same routes as Azure (`/api/<route>`), handlers called with the real HttpRequest / InvocationContext classes. */
export function createFunctionsServer(definitions: FunctionDefinition[], options: { log: (line: string) => void; extra?: ExtraRoute }): Server {
  const routes = definitions.filter((d): d is HttpDefinition => d.kind === 'http').map((d) => ({ def: d, pattern: compile(d.route) }));
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Far above the API's own 64 KiB cap, which the function reports as 413; this only bounds memory.
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      void serve(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        options.log(`local host: request failed: ${(error as Error).message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, detail: 'local host failure' }));
      });
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (options.extra && (await options.extra(req, res, body))) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith('/api/') ? url.pathname.slice(5) : null;
    const matches = path === null ? [] : routes.map((r) => ({ ...r, params: r.pattern(path) })).filter((r) => r.params);
    const match = matches.find((r) => r.def.methods.includes(method as never));
    if (!match) {
      const status = matches.length ? 405 : 404;
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: status === 405 ? 'Method not allowed' : 'Not found', status, detail: `${method} ${url.pathname}` }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers,
      query: Object.fromEntries(url.searchParams),
      params: match.params ?? {},
      ...(body.length ? { body: { bytes: body } } : {}),
    });
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: match.def.name,
      logHandler: (_level, ...args) => options.log(args.map(String).join(' ')),
    });
    const result = await match.def.handler(request, context);
    await writeResponse(res, result);
  }
}

async function writeResponse(res: ServerResponse, result: HttpResponseInit | InstanceType<typeof HttpResponse>): Promise<void> {
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => { headers[key] = value; });
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
