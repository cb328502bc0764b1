import { createBus } from '../../adapters/bus/create-bus.js';
import { loadConfig } from '../../config.js';
import { deadLetterView, type DeadLetterView } from '../../local-host/admin-routes.js';
import { localEnvironment, localKeys } from '../../local-host/local-settings.js';
import type { BusReceiver } from '../../ports/bus.js';
import { ALL_QUEUES } from '../../queues.js';
import { flag, UsageError, type Args, type Command, type CommandGroup } from '../context.js';

/** Where dead letters are read and re-driven: the Service Bus namespace itself, or the running local host. */
export interface DeadLetterSource {
  peek(queue: string, max: number): Promise<DeadLetterView[]>;
  /** Re-drives all dead letters of the queue, or only the one with `messageId`; returns how many. */
  replay(queue: string, messageId?: string): Promise<number>;
  close(): Promise<void>;
}

/** Service Bus (ServiceBusConnection set): the adapter's own dead-letter receiver. */
export function receiverSource(receiver: BusReceiver & { close(): Promise<void> }): DeadLetterSource {
  return {
    peek: async (queue, max) => (await receiver.peekDeadLetters(queue, max)).map(deadLetterView),
    replay: (queue, messageId) => receiver.replayDeadLetters(queue, messageId === undefined ? undefined : (m) => m.messageId === messageId),
    close: () => receiver.close(),
  };
}

/** The embedded broker lives inside `npm start`: ask its admin routes (shared/local-host/admin-routes.ts). */
export function adminHttpSource(baseUrl: string, adminKey: string): DeadLetterSource {
  const call = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      });
    } catch {
      throw new Error(`cannot reach the local relay at ${baseUrl}; is \`npm start\` running (PORT), or ServiceBusConnection set?`);
    }
    const body = (await res.json().catch(() => ({}))) as { detail?: string };
    if (!res.ok) throw new Error(`local relay answered ${res.status}: ${body.detail ?? 'no detail'}`);
    return body;
  };
  return {
    peek: async (queue, max) =>
      ((await call(`/admin/dlq/${encodeURIComponent(queue)}?max=${max}`)) as { messages: DeadLetterView[] }).messages,
    replay: async (queue, messageId) => {
      const body = JSON.stringify(messageId === undefined ? {} : { messageId });
      return ((await call(`/admin/dlq/${encodeURIComponent(queue)}/replay`, { method: 'POST', body })) as { replayed: number }).replayed;
    },
    close: async () => undefined,
  };
}

function defaultSource(env: NodeJS.ProcessEnv = process.env): DeadLetterSource {
  if (env.ServiceBusConnection || env.ServiceBusConnection__fullyQualifiedNamespace) {
    const config = loadConfig({ ...localEnvironment(env), RELAY_EMBEDDED_BROKER: 'false' });
    return receiverSource(createBus(config.serviceBus));
  }
  return adminHttpSource(`http://127.0.0.1:${Number(env.PORT ?? 7071)}`, localKeys().adminKey);
}

/** Ids and descriptions may come from any producer: no control characters reach the operator's terminal. */
const printable = (value: string) => value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '�');

function queueOf(args: Args, usage: string): string {
  const queue = args.positional[0];
  if (!queue) throw new UsageError(`dlq ${usage}`);
  if (!(ALL_QUEUES as string[]).includes(queue))
    throw new UsageError(`unknown queue "${printable(queue)}"; queues: ${ALL_QUEUES.join(', ')}`);
  return queue;
}

/** The `relay dlq` commands over a source; `print` gets one line (or one JSON document) per call. */
export function dlqCommands(source: () => DeadLetterSource, print: (text: string) => void): CommandGroup {
  const withSource =
    (run: (s: DeadLetterSource, args: Args) => Promise<void>): Command =>
    async (args) => {
      const s = source();
      try {
        await run(s, args);
      } finally {
        await s.close();
      }
    };
  const max = (args: Args) => Math.min(Math.max(Number(flag(args, 'max') ?? 100) || 100, 1), 1000);
  return {
    list: withSource(async (s, args) => {
      const queue = queueOf(args, 'list <queue> [--max N]');
      const messages = await s.peek(queue, max(args));
      for (const m of messages) {
        const why = `${m.deadLetterReason ?? '-'}: ${m.deadLetterErrorDescription ?? ''}`;
        print(printable(`#${m.sequenceNumber} ${m.messageId} deliveries=${m.deliveryCount} enqueued=${m.enqueuedTimeUtc} ${why}`));
      }
      print(`${messages.length} dead-lettered message(s) in ${queue}`);
    }),
    show: withSource(async (s, args) => {
      const queue = queueOf(args, 'show <queue> [--id <messageId>] [--max N]');
      const id = flag(args, 'id');
      const messages = (await s.peek(queue, max(args))).filter((m) => id === undefined || m.messageId === id);
      if (id !== undefined && messages.length === 0) throw new UsageError(`no dead-lettered message ${printable(id)} in ${queue}`);
      print(JSON.stringify(messages, null, 2));
    }),
    replay: withSource(async (s, args) => {
      const queue = queueOf(args, 'replay <queue> [--id <messageId>]');
      const replayed = await s.replay(queue, flag(args, 'id'));
      // Stages skip tickets already past them, so re-driving a message whose ticket finished meanwhile is harmless.
      print(`replayed ${replayed} message(s) to ${queue}`);
    }),
  };
}

/** `relay dlq list|show|replay <queue>`. */
export const commands = dlqCommands(
  () => defaultSource(),
  (text) => console.log(text),
);
