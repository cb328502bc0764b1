import { verifyProducerSignature } from '../adapters/webhooks/producer-signature.js';
import { DeadLetterError } from '../ports/bus.js';
import { liveSecrets } from '../ports/tool-registry.js';
import type { Deps } from './deps.js';
import { submitServiceRequest } from './intake.js';

export interface QueueSubmission {
  body: unknown;
  /** The idempotency key: the producer's messageId (the original one for a replayed dead letter). */
  messageId: string;
  partnerTenantId: string;
  toolId: string;
  /** `relay-timestamp` and `relay-signature` application properties, as received. */
  timestamp: unknown;
  signature: unknown;
}

/**
 * The queue face of intake. Being allowed to send to the queue proves nothing about which tool is sending: the
 * message must be signed with the named tool's signing secret (README "Queue producers sign their messages"), or it is dead-lettered `Unauthenticated`
 * before anything is written. A message that can never succeed (invalid body, reused key) throws a DeadLetterError
 * whose reason an operator can act on; like storage trouble, it is redelivered until Service Bus dead-letters it.
 */
export async function submitFromQueue(deps: Deps, input: QueueSubmission): Promise<void> {
  if (!input.messageId) throw new DeadLetterError('SchemaValidationFailed', 'messageId (the idempotency key) is required');
  const rawBody = bodyText(input.body);
  const tool = input.toolId ? await deps.tools.get(input.toolId) : null;
  const now = deps.clock.now();
  const secrets = tool && !tool.disabled && tool.partnerTenantId === input.partnerTenantId ? liveSecrets(tool.signingSecrets, now) : [];
  const signed =
    secrets.length > 0 &&
    verifyProducerSignature({
      messageId: input.messageId,
      body: rawBody,
      timestamp: input.timestamp,
      signature: input.signature,
      secrets,
      now,
    });
  if (!tool || !signed) {
    // One description for every case, like the HTTP 401: the dead-letter queue must not tell tool ids apart.
    throw new DeadLetterError(
      'Unauthenticated',
      'relay-signature does not verify for the toolId and partnerTenantId named (unknown, disabled or another partner\'s tool, missing or wrong signature); sign "<messageId>.<relay-timestamp>.<body>" with the tool\'s signing secret',
    );
  }
  const result = await submitServiceRequest(deps, { tool, idempotencyKey: input.messageId, rawBody, body: parseBody(rawBody) });
  if (result.kind === 'invalid') {
    throw new DeadLetterError('SchemaValidationFailed', `invalid fields: ${result.errors.map((e) => e.path).join(', ')}`.slice(0, 200));
  }
  if (result.kind === 'key-reused')
    throw new DeadLetterError('IdempotencyKeyReused', `messageId already used for ticket ${result.ticketId} with another body`);
}

/**
 * The body as the producer signed it, from what the trigger hands over. The intake function asks for bytes: JSON sent
 * as bytes, or as an object (the SDK sends `JSON.stringify(object)`), is those bytes exactly; a string body went out
 * JSON-quoted by the SDK, so the signed text is the string inside the quotes. A string or an object (a host that
 * parsed the body already) is taken as that text, or as its JSON.
 */
function bodyText(body: unknown): string {
  if (body instanceof Uint8Array) {
    const text = Buffer.from(body).toString('utf8');
    return quotedString(text) ?? text;
  }
  if (typeof body === 'string') return body;
  return JSON.stringify(body) ?? '';
}

function quotedString(text: string): string | undefined {
  if (!text.trimStart().startsWith('"')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DeadLetterError('SchemaValidationFailed', 'body is not JSON');
  }
}
