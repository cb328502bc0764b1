import { healthIssueSchema } from '../domain/health.js';
import { EVENT_TYPES, type EventType } from '../domain/ticket.js';
import { z } from 'zod';

/**
 * The events the relay POSTs to a tool's callback (docs/events.md), as OpenAPI 3.1 `webhooks`: partners build their
 * receivers from these. Every body is `{ type, timestamp, data }`, signed with Standard Webhooks headers.
 */
const string = { type: 'string' };
const customer = { type: 'object', required: ['tenantId', 'name'], properties: { tenantId: string, name: string } };
const issue = z.toJSONSchema(healthIssueSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
  string,
  unknown
>;
delete issue.$schema;

const accessAbout = { partnerTenantId: string, customerTenantId: string, customerName: string };
const DATA: Record<EventType, { summary: string; schema: Record<string, unknown>; deprecated?: boolean }> = {
  'ticket.recorded': {
    summary: 'A ticket was routed and recorded (eligible or handed off)',
    schema: { $ref: '#/components/schemas/Ticket' },
  },
  'ticket.rejected': {
    summary: 'A ticket was recorded as ineligible, with reasons and fixes',
    schema: { $ref: '#/components/schemas/Ticket' },
  },
  'ticket.held': { summary: 'A ticket is held by a known incident; nothing was filed', schema: { $ref: '#/components/schemas/Ticket' } },
  'ticket.incident_resolved': {
    summary: 'The incident holding a ticket resolved; the ticket is closed',
    schema: { $ref: '#/components/schemas/Ticket' },
  },
  'ticket.failed': { summary: 'A ticket could not be processed', schema: { $ref: '#/components/schemas/Ticket' } },
  'ticket.filed': {
    summary: "Microsoft's case id was recorded for the ticket (case.state filed)",
    schema: { $ref: '#/components/schemas/Ticket' },
  },
  'ticket.filing_overdue': {
    summary: 'A hand-off ticket is still not filed with Microsoft past FILING_REMINDER_HOURS (sent once)',
    schema: { $ref: '#/components/schemas/Ticket' },
  },
  'ticket.microsoft_updated': {
    summary: 'Microsoft wrote on an API-filed Azure case: the ticket view plus data.update.communications',
    schema: {
      allOf: [
        { $ref: '#/components/schemas/Ticket' },
        {
          type: 'object',
          properties: {
            update: {
              type: 'object',
              properties: {
                status: string,
                communications: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      name: string,
                      sender: { type: ['string', 'null'] },
                      createdDate: { type: ['string', 'null'] },
                      subject: string,
                      excerpt: string,
                    },
                  },
                },
              },
            },
          },
        },
      ],
    },
  },
  'ticket.closed': {
    summary: 'The case was closed (by the partner, or by Microsoft for an API-filed Azure case)',
    schema: { $ref: '#/components/schemas/Ticket' },
  },
  'gdap.expiring': {
    summary: 'Deprecated (use access.at_risk): a GDAP relationship ends within 30 days',
    deprecated: true,
    schema: { type: 'object', properties: { ...accessAbout, relationshipId: string, endDateTime: string, message: string, fix: string } },
  },
  'access.at_risk': {
    summary: 'The findings that would make filing for a customer fail changed, and are not empty',
    schema: {
      type: 'object',
      required: ['partnerTenantId', 'customerTenantId', 'customerName', 'findings'],
      properties: {
        ...accessAbout,
        findings: {
          type: 'array',
          items: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: string, subscriptionId: string, message: string, fix: string },
          },
        },
      },
    },
  },
  'access.restored': {
    summary: 'A customer at risk has no findings any more',
    schema: {
      type: 'object',
      required: ['partnerTenantId', 'customerTenantId', 'customerName', 'previousFindings'],
      properties: { ...accessAbout, previousFindings: { type: 'array', items: string } },
    },
  },
  'incident.detected': { summary: "A Microsoft incident touches some of the partner's customers", schema: incidentData() },
  'incident.updated': { summary: "The incident's status, title or affected customers changed", schema: incidentData() },
  'incident.resolved': { summary: 'The incident resolved, or its source stopped listing it', schema: incidentData() },
};

function incidentData(): Record<string, unknown> {
  return {
    type: 'object',
    required: ['partnerTenantId', 'incident', 'affectedCustomers'],
    properties: {
      partnerTenantId: string,
      incident: { ...issue, properties: { ...(issue.properties as object), source: string } },
      affectedCustomers: { type: 'array', items: customer },
    },
  };
}

export function buildWebhooks(): Record<string, unknown> {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `event_${type.replace('.', '_')}`,
          summary: DATA[type].summary,
          ...(DATA[type].deprecated ? { deprecated: true } : {}),
          security: [{ relaySignature: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type', 'timestamp', 'data'],
                  properties: { type: { const: type }, timestamp: { type: 'string', format: 'date-time' }, data: DATA[type].schema },
                },
              },
            },
          },
          responses: {
            '2XX': {
              description: 'Received; any other answer is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); 410 removes the callback',
            },
          },
        },
      },
    ]),
  );
}
