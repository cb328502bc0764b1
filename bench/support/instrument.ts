import { AsyncLocalStorage } from 'node:async_hooks';
import { TableClient } from '@azure/data-tables';
import { EmbeddedBroker } from '../../shared/adapters/bus/embedded-broker.js';
import type { MessageHandler, OutgoingMessage } from '../../shared/ports/bus.js';
import { ALL_TABLES } from '../../shared/tables.js';
import { Tally, type CountKind } from './tally.js';

/**
 * Counts storage round trips and broker operations from outside the relay: the TableClient and EmbeddedBroker
 * prototypes are wrapped once per process, so every client the runtime builds is counted without touching its code.
 * Work done inside a queue handler is attributed to that queue's stage; everything else (HTTP functions) to `http`.
 */
export const tally = new Tally();
const stage = new AsyncLocalStorage<string>();
const currentStage = () => stage.getStore() ?? 'http';
/** The SDK builds a transaction's sub-requests by calling createEntity & co. on an inner client: not round trips. */
const insideTransaction = new AsyncLocalStorage<boolean>();

type Method = (this: { tableName?: string }, ...args: unknown[]) => Promise<unknown>;

/** One HTTP request each. `_listEntities` is the SDK's per-page call, so a query that pages counts once per page. */
const TABLE_METHODS: Record<string, CountKind> = {
  getEntity: 'read',
  createEntity: 'write',
  upsertEntity: 'write',
  updateEntity: 'write',
  deleteEntity: 'write',
  submitTransaction: 'transaction',
  _listEntities: 'query',
};

let installed = false;

export function instrument(): Tally {
  if (installed) return tally;
  installed = true;
  const proto = TableClient.prototype as unknown as Record<string, Method>;
  if (typeof proto._listEntities !== 'function')
    throw new Error('@azure/data-tables changed: TableClient._listEntities is gone; update bench/support/instrument.ts');
  for (const [name, kind] of Object.entries(TABLE_METHODS)) {
    const original = proto[name]!;
    proto[name] = async function (this: { tableName?: string }, ...args: unknown[]) {
      if (insideTransaction.getStore()) return original.apply(this, args);
      const table = tableLabel(this.tableName ?? '?');
      let result: unknown;
      try {
        result = await (kind === 'transaction'
          ? insideTransaction.run(true, () => original.apply(this, args))
          : original.apply(this, args));
        return result;
      } finally {
        // Failed calls (404 on a read, 412 on a lost race) are round trips too.
        tally.add(currentStage(), kind, `${table}.${name.replace(/^_/, '')}`, entitiesOf(name, args, result), table);
      }
    };
  }
  const broker = EmbeddedBroker.prototype;
  // Wrapping the prototype's methods: both are called back with the broker as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const send = broker.send;
  broker.send = function (queue: string, messages: OutgoingMessage[]) {
    for (let i = 0; i < messages.length; i++) tally.add(currentStage(), 'send', `${queue}.send`);
    return send.call(this, queue, messages);
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const subscribe = broker.subscribe;
  broker.subscribe = function (queue: string, handler: MessageHandler, options?: { maxConcurrentCalls?: number }) {
    return subscribe.call(
      this,
      queue,
      async (message) => {
        tally.add(queue, 'receive');
        try {
          await stage.run(queue, () => handler(message));
        } finally {
          tally.add(queue, 'settle'); // complete or abandon: one operation either way
        }
      },
      options,
    );
  };
  return tally;
}

/** `t1a2b3tickets` → `tickets`: per-run table prefixes are noise in a report. */
function tableLabel(name: string): string {
  return ALL_TABLES.find((t) => name.toLowerCase().endsWith(t)) ?? name;
}

function entitiesOf(method: string, args: unknown[], result: unknown): number {
  if (method === 'submitTransaction') return Array.isArray(args[0]) ? args[0].length : 0;
  if (method === '_listEntities') return Array.isArray(result) ? result.length : 0;
  return 1;
}
