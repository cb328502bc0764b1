import type { InvocationContext } from '@azure/functions';
import type { Stage } from './domain/ticket.js';
import { contextLogger } from './log.js';
import { textOf } from './text-of.js';
import { PIPELINE } from './pipeline/pipeline.js';
import { runStage } from './pipeline/run-stage.js';
import { queue } from './registry.js';
import type { Runtime } from './runtime.js';
import { inMessageSpan } from './tracing/function-spans.js';
import { ATTRIBUTES } from './tracing/spans.js';

/**
 * The pipeline's stage functions, one per row of the pipeline table: a Service Bus trigger on the row's queue that
 * runs the stage on the message and logs the result. Errors propagate on purpose: the host abandons the message and
 * Service Bus redelivers it (dead-letter after maxDeliveryCount). Each run is a span in the ticket's trace, child of
 * the span that sent the message (README "Tracing").
 */
export function registerStages(): void {
  for (const stage of Object.keys(PIPELINE) as Stage[]) {
    queue(stage, {
      queueName: PIPELINE[stage].queue,
      handler: async (message: unknown, context: InvocationContext, { deps }: Runtime) => {
        const meta = context.triggerMetadata ?? {};
        const deliveryCount = Number(meta.deliveryCount ?? 1);
        const result = await inMessageSpan(
          stage,
          context,
          PIPELINE[stage].queue,
          async (span) => {
            const outcome = await runStage(deps, stage, message, { deliveryCount });
            span.setAttribute(ATTRIBUTES.result, outcome);
            return outcome;
          },
          { [ATTRIBUTES.stage]: stage },
        );
        contextLogger(context).info(`${stage} ${result}`, {
          stage,
          messageId: textOf(meta.messageId),
          deliveryCount,
          correlationId: textOf(meta.correlationId),
        });
      },
    });
  }
}
