import { createRequire } from 'node:module';
import functions, {
  type HttpHandler,
  type HttpMethod,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
  type ServiceBusQueueHandler,
  type Timer,
  type TimerHandler,
} from '@azure/functions';
import { guarded } from './http/guard.js';
import { SERVICE_BUS_CONNECTION, type QueueName } from './queues.js';
import { runtime, type Runtime } from './runtime.js';
import { startTracing } from './tracing/setup.js';

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

/** Handlers get the host's dependencies as their last argument: built once per process, tables already created. */
export type RelayHttpHandler = (request: HttpRequest, context: InvocationContext, relay: Runtime) => Promise<HttpResponseInit>;
export type RelayQueueHandler = (message: unknown, context: InvocationContext, relay: Runtime) => Promise<void>;
export type RelayTimerHandler = (timer: Timer, context: InvocationContext, relay: Runtime) => Promise<void>;

/**
 * The composition root as handlers see it (shared/runtime.ts builds it once per process, or the local host and the
 * tests install their own). `optional`: the handler reports storage itself (the health check) and runs without it.
 */
async function hostRuntime(storage: 'required' | 'optional'): Promise<Runtime> {
  // Before the first span: the context manager, and the exporter when one is configured.
  await startTracing();
  const relay = runtime();
  if (storage === 'required') await relay.ready();
  return relay;
}

export function http(
  name: string,
  options: { route: string; methods: HttpMethod[]; handler: RelayHttpHandler; storage?: 'required' | 'optional' },
): void {
  const { handler, storage = 'required', ...trigger } = options;
  // Storage down while the tables are first created is a 503 like any other storage trouble, not a host error.
  const hosted: HttpHandler = async (request, context) => {
    let relay: Runtime;
    try {
      relay = await hostRuntime(storage);
    } catch (error) {
      return guarded(context, () => Promise.reject(error instanceof Error ? error : new Error(String(error))));
    }
    return handler(request, context, relay);
  };
  definitions.push({ kind: 'http', name, ...trigger, handler: hosted });
  if (azure) app.http(name, { ...trigger, handler: hosted, authLevel: 'anonymous' });
}

/** `dataType: 'binary'`: the function gets the body's bytes as a Buffer instead of parsed JSON (README "Local host vs Azure"). */
export function queue(name: string, options: { queueName: QueueName; handler: RelayQueueHandler; dataType?: 'binary' }): void {
  const { handler, ...trigger } = options;
  // A failure here throws, like one in the handler: the host abandons the message and Service Bus redelivers it.
  const hosted: ServiceBusQueueHandler = async (message, context) => handler(message, context, await hostRuntime('required'));
  definitions.push({ kind: 'queue', name, ...trigger, handler: hosted });
  if (azure) app.serviceBusQueue(name, { ...trigger, handler: hosted, connection: SERVICE_BUS_CONNECTION });
}

export function timer(name: string, options: { schedule: string; handler: RelayTimerHandler }): void {
  const { handler, ...trigger } = options;
  const hosted: TimerHandler = async (timerInfo, context) => handler(timerInfo, context, await hostRuntime('required'));
  definitions.push({ kind: 'timer', name, ...trigger, handler: hosted });
  if (azure) app.timer(name, { ...trigger, handler: hosted, runOnStartup: false });
}
