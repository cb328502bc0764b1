import { z } from 'zod';
import { mappingBodySchema, mappingResultSchema, partnerConnectorsSchema } from '../console/connectors.js';
import { ALL_QUEUES } from '../queues.js';
import { jsonSchema } from './openapi-schema.js';

/**
 * OpenAPI pieces for the operator console: its static files and the console API (`/v1/console/…`). Every console
 * operation takes a partner tool's API key (that partner's data only) or the admin key (every partner); the
 * admin may narrow to one partner with `partnerTenantId`, a partner naming another gets 404.
 */
type Problems = (...codes: number[]) => Record<string, unknown>;

const partner = {
  name: 'partnerTenantId',
  in: 'query',
  required: false,
  description: 'Admin key: one partner (default every partner). API key: only its own partner; another is 404.',
  schema: { type: 'string', format: 'uuid' },
};
const partnerPath = { name: 'partnerTenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const queue = { name: 'queue', in: 'path', required: true, schema: { enum: [...ALL_QUEUES] } };
const ok = (description: string, schema: unknown) => ({ '200': { description, content: { 'application/json': { schema } } } });
const list = (items: unknown) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items } } });

const delivery = {
  type: 'object',
  required: ['eventId', 'type', 'partnerTenantId', 'ticketId', 'toolId', 'status', 'attempts', 'nextAttemptAt', 'updatedAt'],
  properties: {
    eventId: { type: 'string' },
    type: { type: 'string' },
    partnerTenantId: { type: 'string' },
    ticketId: { type: ['string', 'null'] },
    toolId: { type: 'string' },
    status: { enum: ['pending', 'retrying', 'delivered', 'failed'] },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'statusCode', 'latencyMs'],
        properties: {
          at: { type: 'string', format: 'date-time' },
          statusCode: { type: ['integer', 'null'] },
          latencyMs: { type: 'number' },
          error: { type: 'string' },
        },
      },
    },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const file = (operationId: string, summary: string, parameters: unknown[] = []) => ({
  get: {
    operationId,
    summary,
    security: [],
    parameters,
    responses: {
      '200': { description: 'The file, with Content-Security-Policy', content: { 'text/html': {}, 'text/javascript': {}, 'text/css': {} } },
      '308': { description: 'Adds the trailing slash' },
      '404': { description: 'No such console file' },
    },
  },
});

export function consolePaths(problems: Problems, security: unknown): Record<string, unknown> {
  const read = (
    operationId: string,
    summary: string,
    parameters: unknown[],
    response: Record<string, unknown>,
    codes = [400, 401, 404, 429, 503],
  ) => ({ get: { operationId, summary, security, parameters, responses: { ...response, ...problems(...codes) } } });
  return {
    '/console': file('consolePage', 'The operator console (a page that signs in with an API key or the admin key).'),
    '/console/{file}': file('consoleFile', 'A static file of the console (scripts, styles).', [
      { name: 'file', in: 'path', required: true, schema: { type: 'string' } },
    ]),
    '/v1/console/session': read(
      'consoleSession',
      "Who this key is: the admin (with every known partner) or a partner's tool.",
      [],
      ok('The viewer', {
        oneOf: [
          {
            type: 'object',
            required: ['role', 'partners'],
            properties: {
              role: { const: 'admin' },
              partners: {
                type: 'array',
                items: { type: 'object', properties: { tenantId: { type: 'string' }, name: { type: 'string' } } },
              },
            },
          },
          {
            type: 'object',
            required: ['role', 'partnerTenantId', 'toolId', 'toolName'],
            properties: {
              role: { const: 'partner' },
              partnerTenantId: { type: 'string' },
              toolId: { type: 'string' },
              toolName: { type: 'string' },
            },
          },
        ],
      }),
      [401, 429, 503],
    ),
    '/v1/console/tickets': read(
      'consoleTickets',
      'Tickets newest first, filtered like the status list plus by customer; the admin without a partner gets the newest of every partner (no cursor).',
      [
        partner,
        ...['status', 'caseState', 'customerTenantId', 'externalRef', 'since', 'limit', 'cursor'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
      ],
      ok('A page of tickets', {
        type: 'object',
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Ticket' } }, nextCursor: { type: ['string', 'null'] } },
      }),
    ),
    '/v1/console/tickets/{partnerTenantId}/{ticketId}': read(
      'consoleTicket',
      'One ticket with its history (timeline) and webhook deliveries.',
      [partnerPath, { name: 'ticketId', in: 'path', required: true, schema: { type: 'string' } }],
      ok('The ticket view', { $ref: '#/components/schemas/Ticket' }),
    ),
    '/v1/console/held': read(
      'consoleHeld',
      "Incidents holding tickets now, each with the (partner's) tickets it holds.",
      [partner],
      ok('Held incidents', {
        type: 'object',
        properties: {
          incidents: {
            type: 'array',
            items: {
              type: 'object',
              required: ['incident', 'history', 'tickets'],
              properties: {
                incident: { type: 'object' },
                history: { type: 'array', items: { type: 'object' } },
                tickets: { type: 'array', items: { $ref: '#/components/schemas/Ticket' } },
              },
            },
          },
        },
      }),
    ),
    '/v1/console/deliveries': read(
      'consoleDeliveries',
      'Webhook deliveries of the last 30 days (at most 200), failed first.',
      [partner, { name: 'status', in: 'query', required: false, schema: { enum: ['failed', 'retrying', 'pending', 'delivered'] } }],
      ok('Deliveries', list(delivery)),
    ),
    '/v1/console/deliveries/{partnerTenantId}/{eventId}/replay': {
      post: {
        operationId: 'consoleReplayDelivery',
        summary: 'Sends a failed delivery again with the same event id; answers with the delivery after that attempt.',
        security,
        parameters: [partnerPath, { name: 'eventId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { ...ok('The delivery after the replayed attempt', delivery), ...problems(400, 401, 404, 409, 429, 503) },
      },
    },
    '/v1/console/dead-letters/{queue}': read(
      'consoleDeadLetters',
      'Dead-lettered messages of a queue (admin key only; a partner key is 403).',
      [queue, { name: 'max', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } }],
      ok('Dead letters', {
        type: 'object',
        properties: { queue: { type: 'string' }, messages: { type: 'array', items: { type: 'object' } } },
      }),
      [401, 403, 404, 503],
    ),
    '/v1/console/dead-letters/{queue}/replay': {
      post: {
        operationId: 'consoleReplayDeadLetters',
        summary: 'Re-drives one dead letter (`messageId`) or all of the queue (admin key only).',
        security,
        parameters: [queue],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: { type: 'object', additionalProperties: false, properties: { messageId: { type: 'string', minLength: 1 } } },
            },
          },
        },
        responses: {
          ...ok('How many were re-sent', { type: 'object', properties: { queue: { type: 'string' }, replayed: { type: 'integer' } } }),
          ...problems(400, 401, 403, 404, 413, 415, 503),
        },
      },
    },
    '/v1/console/access': read(
      'consoleAccess',
      "Related customers per partner with the access watch's findings and fixes, at-risk customers first.",
      [partner],
      ok('Access per partner', {
        type: 'object',
        properties: {
          partners: {
            type: 'array',
            items: {
              type: 'object',
              required: ['partnerTenantId', 'partnerName', 'customers'],
              properties: {
                partnerTenantId: { type: 'string' },
                partnerName: { type: 'string' },
                customers: { type: 'array', items: { type: 'object' } },
              },
            },
          },
        },
      }),
    ),
    '/v1/console/connectors': read(
      'consoleConnectors',
      "PSA connectors per partner (never a credential), each with its unmapped companies and their parked events, oldest first, and the partner's customers to map them to.",
      [partner],
      ok('Connectors per partner', jsonSchema(z.object({ partners: z.array(partnerConnectorsSchema) }), 'output')),
    ),
    '/v1/console/connectors/{partnerTenantId}/{connectorId}/mappings': {
      post: {
        operationId: 'consoleMapConnectorCompany',
        summary:
          "Maps a PSA company to one of the partner's customers and files its parked events without the PSA re-sending them (as `relay connectors map`).",
        description:
          "400: the body is not `{ companyId, customerTenantId }` or the tenant is not a GUID; 422: the tenant is not one of this partner's customers in the directory; 404: no such connector for this key (another partner's reads the same); 409: the connector is disabled. Nothing is written on any of these.",
        security,
        parameters: [partnerPath, { name: 'connectorId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(mappingBodySchema) } } },
        responses: {
          ...ok('The mapping and what became of each parked event', jsonSchema(mappingResultSchema, 'output')),
          ...problems(400, 401, 404, 409, 413, 415, 422, 429, 503),
        },
      },
    },
  };
}
