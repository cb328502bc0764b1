import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { problem } from '../http/problem.js';
import type { Bus, BusReceiver, ReceivedMessage } from '../ports/bus.js';
import { ALL_QUEUES, QUEUES } from '../queues.js';
import type { ExtraRoute } from './http-server.js';

/** A dead-lettered message as operators see it (`relay dlq …`, `GET /admin/dlq/<queue>`). */
export interface DeadLetterView {
  messageId: string;
  sequenceNumber: number;
  deliveryCount: number;
  enqueuedTimeUtc: string;
  deadLetterReason: string | null;
  deadLetterErrorDescription: string | null;
  correlationId: string | null;
  applicationProperties: Record<string, string | number | boolean>;
  body: unknown;
}

export function deadLetterView(m: ReceivedMessage): DeadLetterView {
  return {
    messageId: m.messageId,
    sequenceNumber: m.sequenceNumber,
    deliveryCount: m.deliveryCount,
    enqueuedTimeUtc: m.enqueuedTimeUtc.toISOString(),
    deadLetterReason: m.deadLetterReason ?? null,
    deadLetterErrorDescription: m.deadLetterErrorDescription ?? null,
    correlationId: m.correlationId ?? null,
    applicationProperties: m.applicationProperties,
    body: m.body,
  };
}

export const MAX_PEEK = 1000;
const replaySchema = z.strictObject({ messageId: z.string().min(1).max(1000).optional() });
const sendSchema = z.strictObject({
  messageId: z.string().min(1).max(128),
  body: z.unknown(),
  applicationProperties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

/**
 * Operator routes of the local host, for `relay dlq` when no Service Bus namespace is configured (the embedded broker
 * lives inside `npm start`, so only it can answer): `GET /admin/dlq/<queue>[?max=N]` lists the dead-letter sub-queue,
 * `POST /admin/dlq/<queue>/replay` with `{ messageId? }` re-drives it, and `POST /admin/queues/service-requests/messages`
 * sends a producer's message. Admin key only, never a tool's credential.
 */
export function createAdminRoutes(receiver: BusReceiver, adminKey: string, sender: Bus): ExtraRoute {
  return async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/admin/')) return false;
    if (!isAdminRequest(req, adminKey)) return refuse(res, 401, 'The admin key (Authorization: Bearer …) is required.');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === `/admin/queues/${QUEUES.serviceRequests}/messages` && method === 'POST') {
      // The embedded broker lives inside `npm start`: this is how a local producer sends, as it would to Service Bus.
      const parsed = sendSchema.safeParse(parseBody(body));
      if (!parsed.success)
        return refuse(res, 400, 'Body must be { "messageId": "<id>", "body": <message body>, "applicationProperties": { … } }.');
      await sender.send(QUEUES.serviceRequests, [parsed.data]);
      return answer(res, 202, { queue: QUEUES.serviceRequests, messageId: parsed.data.messageId });
    }
    const match = /^\/admin\/dlq\/([^/]+)(\/replay)?\/?$/.exec(url.pathname);
    const queue = match ? safeDecode(match[1]!) : '';
    if (!match || !(ALL_QUEUES as string[]).includes(queue)) {
      return refuse(res, 404, `Unknown admin route or queue; queues: ${ALL_QUEUES.join(', ')}.`);
    }
    if (!match[2] && method === 'GET') {
      const max = Math.min(Math.max(Number(url.searchParams.get('max') ?? 100) || 100, 1), MAX_PEEK);
      const messages = (await receiver.peekDeadLetters(queue, max)).map(deadLetterView);
      return answer(res, 200, { queue, messages });
    }
    if (match[2] && method === 'POST') {
      const parsed = replaySchema.safeParse(parseBody(body));
      if (!parsed.success) return refuse(res, 400, 'Body must be {} or { "messageId": "<id>" }.');
      const id = parsed.data.messageId;
      const replayed = await receiver.replayDeadLetters(queue, id === undefined ? undefined : (m) => m.messageId === id);
      return answer(res, 200, { queue, replayed });
    }
    return refuse(res, 405, `${method} is not allowed here.`);
  };
}

/** Runs the routes in order; the first that answers wins (admin routes, then the demo receiver). */
export function chainRoutes(...routes: (ExtraRoute | undefined)[]): ExtraRoute {
  return async (req, res, body) => {
    for (const route of routes) if (route && (await route(req, res, body))) return true;
    return false;
  };
}

function isAdminRequest(req: IncomingMessage, adminKey: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  // Digests have equal length, so the comparison leaks neither the key nor its length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(adminKey));
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function refuse(res: ServerResponse, status: number, detail: string): true {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(problem(status, detail).jsonBody));
  return true;
}

function answer(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}
