import { createRequire } from 'node:module';
import functions, { type HttpHandler, type HttpMethod, type ServiceBusQueueHandler, type TimerHandler } from '@azure/functions';
import { SERVICE_BUS_CONNECTION, type QueueName } from './queues.js';

/**
 * One registration, two hosts (README "Layout"): every function file registers here. Inside Azure's Functions host the
 * call goes on to `app.http / app.serviceBusQueue / app.timer`; the definition is also recorded so the project's
 * own local host (`npm start`) and the tests can serve exactly the same functions.
 */
// @azure/functions is CommonJS; Node's ESM loader cannot see its exports by name.
const { app } = functions;

export type FunctionDefinition =
  | { kind: 'http'; name: string; route: string; methods: HttpMethod[]; handler: HttpHandler }
  | { kind: 'queue'; name: string; queueName: QueueName; handler: ServiceBusQueueHandler; dataType?: 'binary' }
  | { kind: 'timer'; name: string; schedule: string; handler: TimerHandler };

export const definitions: FunctionDefinition[] = [];

/**
 * The Functions worker provides `@azure/functions-core` by intercepting `Module.prototype.require` (there is no
 * package on disk, so `require.resolve` would not find it); without it `app.*` would only print a test-mode warning.
 * A `require` made by createRequire goes through that interception, exactly as @azure/functions' own lookup does.
 */
export function inAzureHost(load: (id: string) => unknown = createRequire(import.meta.url)): boolean {
  try {
    load('@azure/functions-core');
    return true;
  } catch {
    return false;
  }
}
const azure = inAzureHost();
// HTTP streams: a function gets the request body as a stream, so it can refuse on the headers (401) or stop at the
// body limit (413) without the host buffering whatever a caller sends. The local host does the same.
if (azure) app.setup({ enableHttpStream: true });

export function http(name: string, options: { route: string; methods: HttpMethod[]; handler: HttpHandler }): void {
  definitions.push({ kind: 'http', name, ...options });
  if (azure) app.http(name, { ...options, authLevel: 'anonymous' });
}

/** `dataType: 'binary'`: the function gets the body's bytes as a Buffer instead of parsed JSON (README "Local host vs Azure"). */
export function queue(name: string, options: { queueName: QueueName; handler: ServiceBusQueueHandler; dataType?: 'binary' }): void {
  definitions.push({ kind: 'queue', name, ...options });
  if (azure) app.serviceBusQueue(name, { ...options, connection: SERVICE_BUS_CONNECTION });
}

export function timer(name: string, options: { schedule: string; handler: TimerHandler }): void {
  definitions.push({ kind: 'timer', name, ...options });
  if (azure) app.timer(name, { ...options, runOnStartup: false });
}
