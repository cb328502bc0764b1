import type { InvocationContext } from '@azure/functions';
import { submitFromQueue } from '../shared/pipeline/queue-intake.js';
import { REPLAY_OF_PROPERTY } from '../shared/ports/bus.js';
import { queue } from '../shared/registry.js';
import { QUEUES } from '../shared/queues.js';
import { runtime } from '../shared/runtime.js';

/** Queue producers (CONTRACT.md §1): body = the submission, messageId = idempotency key, app properties name the caller. */
export async function intakeQueue(message: unknown, context: InvocationContext): Promise<void> {
  const { deps, ready } = runtime();
  await ready();
  const meta = context.triggerMetadata ?? {};
  const props = (meta.applicationProperties ?? {}) as Record<string, unknown>;
  await submitFromQueue(deps, {
    body: message,
    // A dead letter replayed through Service Bus comes back under a new id; the idempotency key is the original one.
    messageId: typeof props[REPLAY_OF_PROPERTY] === 'string' ? props[REPLAY_OF_PROPERTY] : typeof meta.messageId === 'string' ? meta.messageId : '',
    partnerTenantId: typeof props.partnerTenantId === 'string' ? props.partnerTenantId : '',
    toolId: typeof props.toolId === 'string' ? props.toolId : '',
  });
}

queue('intake-queue', { queueName: QUEUES.serviceRequests, handler: intakeQueue });
