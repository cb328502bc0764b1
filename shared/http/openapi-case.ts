import { z } from 'zod';
import { closeCaseSchema, recordCaseSchema } from './case-input.js';
import { jsonSchema as schema } from './openapi-schema.js';

/** OpenAPI pieces for the case endpoints (README "After routing: the case"). */
export function casePaths(problems: (...codes: number[]) => Record<string, unknown>, security: unknown): Record<string, unknown> {
  const ticketId = { name: 'ticketId', in: 'path', required: true, schema: { type: 'string' } };
  const op = (operationId: string, summary: string, body: z.ZodType) => ({
    post: {
      operationId,
      summary,
      security,
      parameters: [ticketId],
      requestBody: { required: true, content: { 'application/json': { schema: schema(body) } } },
      responses: {
        '200': {
          description: 'The ticket view with its case',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Ticket' } } },
        },
        ...problems(400, 401, 404, 409, 413, 415, 503),
      },
    },
  });
  return {
    '/v1/service-requests/{ticketId}/case': op(
      'recordCase',
      "Record Microsoft's case id for a hand-off ticket (sends ticket.filed once)",
      recordCaseSchema,
    ),
    '/v1/service-requests/{ticketId}/close': op(
      'closeCase',
      "Close the ticket's case (sends ticket.closed once; closing again changes nothing)",
      closeCaseSchema,
    ),
  };
}
