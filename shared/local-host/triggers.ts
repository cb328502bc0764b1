import { randomUUID } from 'node:crypto';
import functions, { type InvocationContext as Context, type Timer } from '@azure/functions';

// @azure/functions is CommonJS; Node's ESM loader cannot see its class exports by name.
const { InvocationContext } = functions;
import type { BusReceiver, Subscription } from '../ports/bus.js';
import type { FunctionDefinition } from '../registry.js';
import { nextOccurrence, parseSchedule } from './ncrontab.js';
import { errorMessage } from '../errors.js';
import { triggerArgument } from './trigger-body.js';

type Log = (line: string) => void;

function contextFor(name: string, log: Log, triggerMetadata: Record<string, unknown> = {}): Context {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName: name,
    triggerMetadata,
    logHandler: (_level, ...args) => log(args.map(String).join(' ')),
  });
}

/**
 * Queue-triggered functions on a receiver, as the Functions host does it: the body goes in as the first argument
 * (parsed JSON, a string, or bytes for `dataType: 'binary'`; trigger-body.ts),
 * the broker's metadata as triggerMetadata; a throw abandons the message, whatever the error (Azure's host does the same).
 */
export function startQueueTriggers(
  definitions: FunctionDefinition[],
  receiver: BusReceiver,
  log: Log,
  maxConcurrentCalls = 16,
): Subscription[] {
  return definitions.flatMap((def) => {
    if (def.kind !== 'queue') return [];
    return [
      receiver.subscribe(
        def.queueName,
        async (message) => {
          const context = contextFor(def.name, log, {
            messageId: message.messageId,
            deliveryCount: message.deliveryCount,
            correlationId: message.correlationId,
            enqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(),
            applicationProperties: message.applicationProperties,
          });
          await def.handler(triggerArgument(message, def.dataType), context);
        },
        { maxConcurrentCalls },
      ),
    ];
  });
}

/** Timer functions on their NCRONTAB schedules; a run still going when the next is due is skipped, not doubled. */
export function startTimers(definitions: FunctionDefinition[], log: Log): { stop(): void } {
  const handles = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const def of definitions) {
    if (def.kind !== 'timer') continue;
    const schedule = parseSchedule(def.schedule);
    let running = false;
    const arm = () => {
      if (stopped) return;
      const delay = Math.max(0, nextOccurrence(schedule, new Date()).getTime() - Date.now());
      const fire = async () => {
        handles.delete(handle);
        if (!running) {
          running = true;
          const timer: Timer = {
            isPastDue: false,
            schedule: { adjustForDST: false },
            scheduleStatus: { last: '', next: '', lastUpdated: '' },
          };
          await Promise.resolve(def.handler(timer, contextFor(def.name, log))).catch((error: unknown) =>
            log(`${def.name} failed: ${errorMessage(error)}`),
          );
          running = false;
        }
        arm();
      };
      const handle = setTimeout(() => void fire(), delay);
      handle.unref();
      handles.add(handle);
    };
    arm();
  }
  return {
    stop: () => {
      stopped = true;
      for (const h of handles) clearTimeout(h);
    },
  };
}
