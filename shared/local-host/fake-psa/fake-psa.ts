import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorKind } from '../../connectors/connector.js';
import { autotaskRoutes } from './autotask-routes.js';
import { connectWiseRoutes } from './connectwise-routes.js';
import { haloRoutes } from './halo-routes.js';

export interface FakeNote {
  ticketId: string;
  text: string;
  at: string;
}

/** What one scripted note POST does: answer with a status, or store the note and drop the connection (a lost answer). */
export type NoteReply = { status: number; headers?: Record<string, string> } | 'store-then-drop';

export interface FakeCompany {
  id: number;
  name: string;
  domain: string;
}

/** The credentials the fake accepts: the same values a connector is given. */
export interface FakeCredentials {
  halo?: { clientId: string; clientSecret: string };
  connectwise?: { company: string; publicKey: string; privateKey: string; clientId: string; signingKey: string };
  autotask?: { integrationCode: string; username: string; secret: string };
}

export interface FakeRequest {
  method: string;
  path: string;
}

export type Route = (
  req: IncomingMessage,
  path: string,
  body: string,
  fake: FakePsa,
) => { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | null;

/**
 * An in-repo stand-in for a PSA's API, built from each vendor's documented shapes (see each *-routes.ts): token
 * endpoint where the PSA has one, ticket notes, companies, and ConnectWise's callback signing key. It records every
 * request and every stored note; note POSTs can be scripted (503, 429 + Retry-After, a lost answer).
 */
export class FakePsa {
  readonly notes: FakeNote[] = [];
  readonly requests: FakeRequest[] = [];
  readonly companies: FakeCompany[] = [
    { id: 12, name: 'Adatum Corporation', domain: 'adatum.onmicrosoft.com' },
    { id: 14, name: 'Litware Inc', domain: 'litware.example' },
  ];
  private script: NoteReply[] = [];
  private server: Server | null = null;
  url = '';

  constructor(
    readonly kind: ConnectorKind,
    readonly credentials: FakeCredentials,
    private readonly prefix = '',
  ) {}

  /** The next note POSTs answer these, in order; afterwards they succeed. */
  scriptNotes(...replies: NoteReply[]): void {
    this.script = [...replies];
  }

  nextNoteReply(): NoteReply | undefined {
    return this.script.shift();
  }

  storeNote(ticketId: string, text: string): FakeNote {
    const note = { ticketId, text, at: new Date().toISOString() };
    this.notes.push(note);
    return note;
  }

  notesOn(ticketId: string): FakeNote[] {
    return this.notes.filter((n) => n.ticketId === ticketId);
  }

  /** Serves a request under this fake's prefix; false when the path is not its own. */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!url.pathname.startsWith(this.prefix)) return false;
    const path = url.pathname.slice(this.prefix.length) + url.search;
    this.requests.push({ method: req.method ?? 'GET', path });
    const routes = this.kind === 'halo' ? haloRoutes : this.kind === 'connectwise' ? connectWiseRoutes : autotaskRoutes;
    const answer = routes(req, path, body.toString('utf8'), this) ?? { status: 404, body: { message: 'not found' } };
    if (answer === 'drop') {
      req.socket.destroy();
      return true;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    return true;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.prefix}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }
}

/** A scripted note POST: the scripted answer, or store the note and answer `created`. */
export function scriptedNote(fake: FakePsa, ticketId: string, text: string, created: (id: number) => unknown): ReturnType<Route> {
  const reply = fake.nextNoteReply();
  if (reply && reply !== 'store-then-drop')
    return { status: reply.status, body: { message: 'scripted' }, ...(reply.headers ? { headers: reply.headers } : {}) };
  fake.storeNote(ticketId, text);
  return reply === 'store-then-drop' ? 'drop' : { status: 201, body: created(fake.notes.length) };
}
