import { healthSnapshotSchema } from '../domain/health.js';
import { serviceRequestSchema } from '../domain/submission.js';
import { TICKET_STATUSES } from '../domain/ticket.js';
import { casePaths } from './openapi-case.js';
import { connectorEventsPath, connectorSecuritySchemes } from './openapi-connectors.js';
import { consolePaths } from './openapi-console.js';
import { buildWebhooks } from './openapi-events.js';
import { readinessPath, readinessSchema, reasonSchema } from './openapi-readiness.js';
import { jsonSchema as schema } from './openapi-schema.js';

/**
 * OpenAPI 3.1 for the public HTTP API (docs/openapi.json), generated from the same zod schemas intake validates with,
 * so the document cannot drift from the code. `npm run openapi` writes docs/openapi.json; a test keeps them equal.
 */
const problem = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const bearer = [{ apiKey: [] }];

export function buildOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'CSP Support Relay',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description: "Escalates a CSP partner customer's service problem to the right Microsoft support channel, rule by rule.",
    },
    servers: [{ url: '/api' }],
    webhooks: buildWebhooks(),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Partner tool API key (rk_…), or the admin key for admin operations.' },
        relaySignature: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description:
            "Outgoing events only: the relay signs each event it POSTs (Standard Webhooks v1) with the tool's callback secret; receivers verify it.",
        },
        standardWebhooks: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description:
            "Standard Webhooks v1 signature; name the tool with ?toolId=. Submissions only: a GET with signature headers is 401. A signed request's idempotency key is its webhook-id (Idempotency-Key is ignored).",
        },
        ...connectorSecuritySchemes,
      },
      schemas: {
        ServiceRequest: schema(serviceRequestSchema),
        HealthSnapshot: schema(healthSnapshotSchema),
        Reason: reasonSchema,
        Readiness: readinessSchema,
        Accepted: {
          type: 'object',
          required: ['ticketId', 'status', 'statusUrl'],
          properties: { ticketId: { type: 'string' }, status: { const: 'received' }, statusUrl: { type: 'string' } },
        },
        Ticket: {
          type: 'object',
          required: [
            'ticketId',
            'partnerTenantId',
            'customerTenantId',
            'workload',
            'status',
            'decision',
            'reasons',
            'route',
            'case',
            'timings',
            'createdAt',
            'updatedAt',
          ],
          properties: {
            ticketId: { type: 'string' },
            externalRef: { type: ['string', 'null'] },
            partnerTenantId: { type: 'string' },
            customerTenantId: { type: 'string' },
            workload: { type: 'string' },
            service: { type: ['string', 'null'] },
            severity: { type: 'string' },
            status: { enum: [...TICKET_STATUSES] },
            decision: { enum: ['eligible', 'ineligible', 'known-incident', null] },
            reasons: { type: 'array', items: { $ref: '#/components/schemas/Reason' } },
            route: { type: ['object', 'null'] },
            incident: { type: ['object', 'null'] },
            customerCanSelfFile: { type: ['boolean', 'null'] },
            case: {
              type: 'object',
              required: ['state'],
              properties: {
                state: { enum: ['awaiting-filing', 'filed', 'closed', null] },
                microsoftCaseId: { type: 'string' },
                filedBy: { type: 'string' },
                filedAt: { type: 'string', format: 'date-time' },
                closedAt: { type: 'string', format: 'date-time' },
                closeReason: { type: 'string' },
                lastMicrosoftUpdateAt: { type: 'string', format: 'date-time' },
              },
            },
            timings: {
              type: 'object',
              properties: {
                receivedToRoutedMs: { type: ['integer', 'null'] },
                routedToFiledMs: { type: 'integer' },
                filedToFirstMicrosoftResponseMs: { type: 'integer' },
              },
            },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            history: { type: 'array', items: { type: 'object' } },
            deliveries: { type: 'array', items: { type: 'object' } },
          },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths: {
      '/v1/service-requests': {
        post: {
          operationId: 'submitServiceRequest',
          summary: "Submit a customer's service problem; answers 202 once it is stored, then the stages route it",
          security: [{ apiKey: [] }, { standardWebhooks: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Required unless webhook-id is sent; ignored on a signed request, whose key is its webhook-id.',
              schema: { type: 'string', maxLength: 255 },
            },
            {
              name: 'toolId',
              in: 'query',
              required: false,
              description: 'Names the tool of a signed (Standard Webhooks) request.',
              schema: { type: 'string' },
            },
            {
              name: 'traceparent',
              in: 'header',
              required: false,
              description:
                "W3C Trace Context: the ticket's trace continues the caller's (through every stage to the webhook, whose request carries a traceparent of the same trace). An invalid value is ignored: a new trace, and the request is handled as usual.",
              schema: { type: 'string', example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ServiceRequest' } } } },
          responses: {
            '202': {
              description: 'Accepted; durable before this answer',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
            },
            ...problems(400, 401, 413, 415, 422, 429, 503),
          },
        },
        get: {
          operationId: 'listServiceRequests',
          summary: "List the calling tool's partner's tickets, newest first",
          security: bearer,
          parameters: ['externalRef', 'status', 'caseState', 'since', 'limit', 'cursor'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
          })),
          responses: {
            '200': {
              description: "The caller's tickets, newest first",
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      items: { type: 'array', items: { $ref: '#/components/schemas/Ticket' } },
                      nextCursor: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
            ...problems(400, 401, 429, 503),
          },
        },
      },
      '/v1/service-requests/{ticketId}': {
        get: {
          operationId: 'getServiceRequest',
          summary: 'Read one ticket: decision, reasons with fixes, route and case',
          security: bearer,
          parameters: [{ name: 'ticketId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The ticket view', content: { 'application/json': { schema: { $ref: '#/components/schemas/Ticket' } } } },
            ...problems(400, 401, 404, 429, 503),
          },
        },
      },
      ...casePaths(problems, bearer),
      ...consolePaths(problems, bearer),
      '/v1/customers/{customerTenantId}/readiness': readinessPath(problems, bearer),
      '/v1/connectors/{connectorId}/events': connectorEventsPath(problems),
      '/v1/service-health': {
        post: {
          operationId: 'pushServiceHealth',
          summary: 'Push a service health snapshot (admin); releases tickets held by incidents that resolved',
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/HealthSnapshot' } } } },
          responses: {
            '200': {
              description:
                'Snapshot stored; `releasing` names the incidents whose held tickets are being released (queued work, done within moments)',
            },
            ...problems(400, 401, 413, 415, 503),
          },
        },
      },
      '/v1/health': {
        get: {
          operationId: 'health',
          summary: 'Liveness and dependency checks (no key needed)',
          security: [],
          responses: {
            '200': {
              description: 'All dependencies answer',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { status: { enum: ['ok', 'degraded'] }, checks: { type: 'object' } } },
                },
              },
            },
            '503': { description: 'A dependency failed (status degraded)' },
          },
        },
      },
    },
  };
}
