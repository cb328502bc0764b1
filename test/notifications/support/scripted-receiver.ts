import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver does with one request: answer (optionally after a real delay), or never answer. */
export type Reply = { status: number; headers?: Record<string, string>; afterMs?: number } | 'hang';
export type Script = (call: Call, index: number) => Reply;

/** Replies in order; the last one repeats. */
export const inOrder =
  (...replies: Reply[]): Script =>
  (_call, index) =>
    replies[Math.min(index, replies.length - 1)]!;

/**
 * A partner's callback endpoint on 127.0.0.1: one script per path, every request and connection recorded.
 * Unscripted paths answer 404. Pending hangs and delays end when it stops.
 */
export class ScriptedReceiver {
  readonly calls: Call[] = [];
  connections = 0;
  private readonly scripts = new Map<string, Script>();
  private readonly delays = new Set<NodeJS.Timeout>();
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const call: Call = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        const index = this.calls.filter((c) => c.path === call.path).length;
        this.calls.push(call);
        const reply = this.scripts.get(call.path)?.(call, index) ?? { status: 404 };
        if (reply === 'hang') return;
        const answer = () => void res.writeHead(reply.status, reply.headers).end();
        if (!reply.afterMs) return answer();
        const timer = setTimeout(answer, reply.afterMs);
        this.delays.add(timer);
      });
    });
    this.server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Registers a script and returns the callback URL for it. */
  on(path: string, script: Script): string {
    this.scripts.set(path, script);
    return this.url(path);
  }

  url(path: string, host = '127.0.0.1', scheme = 'http'): string {
    return `${scheme}://${host}:${this.port}${path}`;
  }

  callsTo(path: string): Call[] {
    return this.calls.filter((c) => c.path === path);
  }

  async stop(): Promise<void> {
    for (const timer of this.delays) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}
