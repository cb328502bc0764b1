import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyWebhook } from '../adapters/webhooks/standard-webhooks.js';

export interface ReceivedEvent {
  id: string;
  type: string;
  ticketId: string;
  status: string;
  verified: boolean;
  at: string;
  /** The JSON body as received (null when it was not JSON), so a developer sees exactly what a tool gets. */
  body: unknown;
}

/**
 * A partner tool's callback endpoint inside the local host (`/demo/receiver`): verifies the Standard Webhooks
 * signature over the raw bytes, remembers what arrived (GET lists it) and logs one line per event.
 */
export function createDemoReceiver(secrets: () => string[], log: (line: string) => void, now: () => Date = () => new Date()) {
  const events: ReceivedEvent[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): boolean => {
    if (!req.url?.startsWith('/demo/receiver')) return false;
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(events.slice(-100)));
      return true;
    }
    const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
    const verdict = verifyWebhook({
      headers: { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') },
      rawBody: body,
      secrets: secrets(),
      now: now(),
    });
    let parsed: { type?: string; data?: { ticketId?: string; status?: string } } = {};
    let json: unknown = null;
    try {
      json = JSON.parse(body.toString('utf8')) as unknown;
      parsed = json ?? {};
    } catch {
      // reported below as unverified/unknown
    }
    const event: ReceivedEvent = {
      id: header('webhook-id') ?? '?',
      type: parsed.type ?? '?',
      ticketId: parsed.data?.ticketId ?? '?',
      status: parsed.data?.status ?? '?',
      verified: verdict.ok,
      at: new Date().toISOString(),
      body: json,
    };
    events.push(event);
    log(
      `demo receiver: ${event.type} for ${event.ticketId} (${event.status}) — signature ${verdict.ok ? 'valid' : `INVALID (${verdict.reason})`}`,
    );
    res.writeHead(verdict.ok ? 204 : 401);
    res.end();
    return true;
  };
  return { handle, events };
}
