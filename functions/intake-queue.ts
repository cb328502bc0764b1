import type { InvocationContext } from '@azure/functions';
import { submitFromQueue } from '../shared/pipeline/queue-intake.js';
import { REPLAY_OF_PROPERTY, SIGNATURE_PROPERTY, TIMESTAMP_PROPERTY } from '../shared/ports/bus.js';
import { queue } from '../shared/registry.js';
import { QUEUES } from '../shared/queues.js';
import type { Runtime } from '../shared/runtime.js';
import { inMessageSpan } from '../shared/tracing/function-spans.js';

/** Queue producers (README "Queue producers sign their messages"): body = the submission, messageId = idempotency key, app properties name and sign. */
export async function intakeQueue(message: unknown, context: InvocationContext, relay: Runtime): Promise<void> {
  const { deps } = relay;
  const meta = context.triggerMetadata ?? {};
  const props = (meta.applicationProperties ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof props[name] === 'string' ? props[name] : '');
  // The intake span continues a producer's trace (`traceparent`, or the `Diagnostic-Id` its Service Bus SDK stamps).
  await inMessageSpan('intake queue', context, QUEUES.serviceRequests, () =>
    submitFromQueue(deps, {
      body: message,
      // A dead letter replayed through Service Bus comes back under a new id; the idempotency key (and the signed id)
      // is the original one.
      messageId: text(REPLAY_OF_PROPERTY) || (typeof meta.messageId === 'string' ? meta.messageId : ''),
      partnerTenantId: text('partnerTenantId'),
      toolId: text('toolId'),
      timestamp: props[TIMESTAMP_PROPERTY],
      signature: props[SIGNATURE_PROPERTY],
    }),
  );
}

// Bytes, not parsed JSON: the signature and the idempotency fingerprint cover the exact body the producer sent.
queue('intake-queue', { queueName: QUEUES.serviceRequests, handler: intakeQueue, dataType: 'binary' });
