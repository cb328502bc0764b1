import { consoleAccess } from '../shared/console/access.js';
import { isQueue, peekDeadLetters, replayBodySchema, replayDeadLetters } from '../shared/console/dead-letters.js';
import { consoleEndpoint, scopedEndpoint } from '../shared/console/handler.js';
import { adminOnly } from '../shared/console/viewer.js';
import { json, problem } from '../shared/http/problem.js';
import { readJsonBody, parseJson } from '../shared/http/read-body.js';
import { ALL_QUEUES } from '../shared/queues.js';
import { http } from '../shared/registry.js';

const unknownQueue = () => problem(404, `No such queue; queues: ${ALL_QUEUES.join(', ')}.`);
const noReceiver = () =>
  problem(503, 'This host cannot read dead-letter queues (no Service Bus receiver).', { headers: { 'retry-after': '60' } });

/** GET /api/v1/console/dead-letters/{queue}?max=: the queue's dead letters (admin key only). */
export const deadLettersHttp = consoleEndpoint(async ({ viewer, rt, request }) => {
  if (viewer.role !== 'admin') return adminOnly();
  const queue = request.params.queue ?? '';
  if (!isQueue(queue)) return unknownQueue();
  const max = Math.min(Math.max(Number(request.query.get('max') ?? 100) || 100, 1), 1000);
  const messages = await peekDeadLetters(rt.deps.bus, queue, max);
  return messages ? json(200, { queue, messages }) : noReceiver();
});

/** POST /api/v1/console/dead-letters/{queue}/replay `{ messageId? }`: re-drives one dead letter, or all (admin key only). */
export const replayDeadLettersHttp = consoleEndpoint(async ({ viewer, rt, request }) => {
  if (viewer.role !== 'admin') return adminOnly();
  const queue = request.params.queue ?? '';
  if (!isQueue(queue)) return unknownQueue();
  const body = await readJsonBody(request);
  if (!body.ok) return problem(body.status, body.detail);
  const parsed = body.bytes.length === 0 ? { ok: true as const, value: {} } : parseJson(body.bytes);
  const input = parsed.ok ? replayBodySchema.safeParse(parsed.value) : null;
  if (!input?.success) return problem(400, 'Body must be {} or { "messageId": "<id>" }.');
  const replayed = await replayDeadLetters(rt.deps.bus, queue, input.data.messageId);
  return replayed === null ? noReceiver() : json(200, { queue, replayed });
});

/** GET /api/v1/console/access?partnerTenantId=: customers at risk of losing the access filing needs, per partner. */
export const accessHttp = scopedEndpoint(async ({ rt, partnerTenantId }) =>
  json(200, { partners: await consoleAccess(rt.deps, partnerTenantId) }),
);

http('console-dead-letters-http', { route: 'v1/console/dead-letters/{queue}', methods: ['GET'], handler: deadLettersHttp });
http('console-dead-letters-replay-http', {
  route: 'v1/console/dead-letters/{queue}/replay',
  methods: ['POST'],
  handler: replayDeadLettersHttp,
});
http('console-access-http', { route: 'v1/console/access', methods: ['GET'], handler: accessHttp });
