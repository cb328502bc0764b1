import type { InvocationContext } from '@azure/functions';
import { createLogger } from './log.js';
import type { Deps } from './pipeline/deps.js';
import type { StageResult } from './pipeline/run-stage.js';
import type { QueueName } from './queues.js';
import { queue } from './registry.js';
import { runtime } from './runtime.js';

/**
 * A Service Bus-triggered stage: run its use case on the message body and log the result. Errors propagate on
 * purpose: the host abandons the message and Service Bus redelivers it (dead-letter after maxDeliveryCount).
 */
export function registerStage(name: string, queueName: QueueName, useCase: (deps: Deps, body: unknown) => Promise<StageResult>): void {
  queue(name, {
    queueName,
    handler: async (message: unknown, context: InvocationContext) => {
      const { deps, ready } = runtime();
      await ready();
      const result = await useCase(deps, message);
      const meta = context.triggerMetadata ?? {};
      createLogger((line) => context.log(line)).info(`${name} ${result}`, {
        stage: name,
        messageId: String(meta.messageId ?? ''),
        deliveryCount: Number(meta.deliveryCount ?? 0),
        correlationId: String(meta.correlationId ?? ''),
      });
    },
  });
}
