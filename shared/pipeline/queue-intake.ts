import { DeadLetterError } from '../ports/bus.js';
import type { Deps } from './deps.js';
import { submitServiceRequest } from './intake.js';

/**
 * The queue face of intake. A message that can never succeed (unknown producer, invalid body, reused key) is
 * dead-lettered at once with a reason an operator can act on; storage trouble throws so the broker redelivers.
 */
export async function submitFromQueue(deps: Deps, input: { body: unknown; messageId: string; partnerTenantId: string; toolId: string }): Promise<void> {
  if (!input.messageId) throw new DeadLetterError('SchemaValidationFailed', 'messageId (the idempotency key) is required');
  const tool = input.toolId ? await deps.tools.get(input.toolId) : null;
  if (!tool || tool.disabled || tool.partnerTenantId !== input.partnerTenantId) {
    throw new DeadLetterError('UnknownProducer', 'applicationProperties toolId/partnerTenantId do not name a registered, enabled tool');
  }
  const body = typeof input.body === 'string' ? safeParse(input.body) : input.body;
  const rawBody = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const result = await submitServiceRequest(deps, { tool, idempotencyKey: input.messageId, rawBody, body });
  if (result.kind === 'invalid') {
    throw new DeadLetterError('SchemaValidationFailed', `invalid fields: ${result.errors.map((e) => e.path).join(', ')}`.slice(0, 200));
  }
  if (result.kind === 'key-reused') throw new DeadLetterError('IdempotencyKeyReused', `messageId already used for ticket ${result.ticketId} with another body`);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DeadLetterError('SchemaValidationFailed', 'body is not JSON');
  }
}
