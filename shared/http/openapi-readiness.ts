import { REASON_CODES } from '../domain/reasons.js';
import { CHANNELS } from '../domain/route.js';
import { WORKLOADS } from '../domain/submission.js';

/** OpenAPI pieces for readiness (GET /v1/customers/{id}/readiness); kept apart so openapi.ts stays readable. */
export const reasonSchema = {
  type: 'object',
  required: ['code', 'severity', 'message'],
  properties: {
    code: { enum: [...REASON_CODES], description: "Each code's meaning and fix: docs/rules.md" },
    severity: { enum: ['block', 'warn'] },
    message: { type: 'string' },
    fix: { type: 'string' },
  },
};

export const readinessSchema = {
  type: 'object',
  required: ['customerTenantId', 'checkedAt', 'workloads'],
  properties: {
    customerTenantId: { type: 'string', format: 'uuid' },
    checkedAt: { type: 'string', format: 'date-time' },
    workloads: {
      type: 'array',
      items: {
        type: 'object',
        required: ['workload', 'canFile', 'channel', 'customerCanSelfFile', 'reasons'],
        properties: {
          workload: { enum: [...WORKLOADS] },
          canFile: { type: 'boolean' },
          channel: { enum: [...CHANNELS] },
          customerCanSelfFile: { type: ['boolean', 'null'] },
          reasons: { type: 'array', items: { $ref: '#/components/schemas/Reason' } },
          subscriptions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'canFile', 'reasons'],
              properties: {
                id: { type: 'string' },
                canFile: { type: 'boolean' },
                reasons: { type: 'array', items: { $ref: '#/components/schemas/Reason' } },
              },
            },
          },
        },
      },
    },
  },
};

export function readinessPath(problems: (...codes: number[]) => Record<string, unknown>, security: unknown) {
  return {
    get: {
      operationId: 'getCustomerReadiness',
      summary: 'Can this partner file for this customer now? The eligibility rules per workload and Azure subscription, without a ticket.',
      security,
      parameters: [
        { name: 'customerTenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'workload', in: 'query', required: false, schema: { enum: [...WORKLOADS] } },
        {
          name: 'agent',
          in: 'query',
          required: false,
          description: "Agent object id or sign-in name; without it, any of the partner's agents.",
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': {
          description: 'Readiness per workload',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } },
        },
        ...problems(400, 401, 404, 503),
      },
    },
  };
}
