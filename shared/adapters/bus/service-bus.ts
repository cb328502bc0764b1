import { QUEUES } from '../../queues.js';
import { defaultCredential } from '../lazy.js';
import {
  ServiceBusClient,
  type ProcessErrorArgs,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
  type ServiceBusSender,
} from '@azure/service-bus';
import {
  type Bus,
  type BusReceiver,
  type MessageHandler,
  type OutgoingMessage,
  type ReceivedMessage,
  type Subscription,
} from '../../ports/bus.js';
import { checkMaxConcurrentCalls, DEFAULT_MAX_CONCURRENT_CALLS, DEFAULT_PEEK_MAX } from './defaults.js';
import { summarizeError } from './error-summary.js';
import { fromServiceBusMessage, LAST_ERROR_PROPERTY, toReplayMessage, toServiceBusMessage } from './service-bus-mapping.js';

/** Token, named-key or SAS credential, as ServiceBusClient accepts (avoids importing the transitive @azure/core-auth). */
type Credential = ConstructorParameters<typeof ServiceBusClient>[1];

export type ServiceBusTarget = { kind: 'connection-string'; value: string } | { kind: 'namespace'; value: string };

export interface ServiceBusBusOptions {
  /** For `namespace` targets; DefaultAzureCredential (managed identity in Azure) when absent. */
  credential?: Credential;
  /** Receive-side errors the SDK recovers from by itself (link detached, lock lost, …). */
  onError?: (args: ProcessErrorArgs) => void;
}

/** Azure Service Bus behind the Bus port: one lazily created client per process and one sender per queue. */
export class ServiceBusBus implements Bus, BusReceiver {
  private sbClient: ServiceBusClient | undefined;
  private readonly senders = new Map<string, ServiceBusSender>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly target: ServiceBusTarget,
    private readonly options: ServiceBusBusOptions = {},
  ) {}

  async send(queue: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const sender = this.sender(queue);
    let batch = await sender.createMessageBatch();
    for (const message of messages) {
      const sb = toServiceBusMessage(message);
      if (batch.tryAddMessage(sb)) continue;
      if (batch.count > 0) {
        await sender.sendMessages(batch);
        batch = await sender.createMessageBatch();
        if (batch.tryAddMessage(sb)) continue;
      }
      throw new Error(`Message ${message.messageId} for queue ${queue} exceeds the Service Bus limit of ${batch.maxSizeInBytes} bytes`);
    }
    if (batch.count > 0) await sender.sendMessages(batch);
  }

  subscribe(queue: string, handler: MessageHandler, options: { maxConcurrentCalls?: number } = {}): Subscription {
    const maxConcurrentCalls = checkMaxConcurrentCalls(options.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS);
    // Raw bytes: a producer's exact body reaches the handler (and its signature check); the mapping decodes JSON.
    const receiver = this.client().createReceiver(queue, { receiveMode: 'peekLock', skipParsingBodyAsJson: true });
    const running = receiver.subscribe(
      {
        processMessage: (message) => settle(receiver, message, handler),
        processError: async (args) => (this.options.onError ?? logReceiveError)(args),
      },
      { autoCompleteMessages: false, maxConcurrentCalls },
    );
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await running.close();
        await receiver.close();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** A one-message peek on the intake queue: proves the namespace, the credential and Listen rights. */
  async ping(): Promise<void> {
    const receiver = this.client().createReceiver(QUEUES.serviceRequests);
    try {
      await receiver.peekMessages(1);
    } finally {
      await receiver.close();
    }
  }

  async peekDeadLetters(queue: string, max = DEFAULT_PEEK_MAX): Promise<ReceivedMessage[]> {
    const receiver = this.client().createReceiver(queue, { subQueueType: 'deadLetter' });
    try {
      const found: ServiceBusReceivedMessage[] = [];
      // One peek may return fewer than asked; the receiver remembers where the last one stopped.
      while (found.length < max) {
        const page = await receiver.peekMessages(max - found.length);
        if (page.length === 0) break;
        found.push(...page);
      }
      return found.map(fromServiceBusMessage);
    } finally {
      await receiver.close();
    }
  }

  async replayDeadLetters(queue: string, filter?: (m: ReceivedMessage) => boolean): Promise<number> {
    const receiver = this.client().createReceiver(queue, {
      subQueueType: 'deadLetter',
      receiveMode: 'peekLock',
      skipParsingBodyAsJson: true,
    });
    const sender = this.sender(queue);
    // Non-matching dead letters stay locked while we scan, so the next receive returns new ones; one seen
    // twice means its lock ran out, and the whole queue has been looked at.
    const kept: ServiceBusReceivedMessage[] = [];
    const seen = new Set<string>();
    let replayed = 0;
    try {
      for (;;) {
        const page = await receiver.receiveMessages(100, { maxWaitTimeInMs: 1_000 });
        const fresh = page.filter((m) => !seen.has(String(m.sequenceNumber)));
        kept.push(...page.filter((m) => !fresh.includes(m)));
        if (fresh.length === 0) break;
        for (const m of fresh) {
          seen.add(String(m.sequenceNumber));
          if (filter && !filter(fromServiceBusMessage(m))) {
            kept.push(m);
            continue;
          }
          // Send before completing: a crash in between duplicates the message rather than losing it.
          await sender.sendMessages(toReplayMessage(m));
          await receiver.completeMessage(m);
          replayed += 1;
        }
      }
    } finally {
      await Promise.allSettled(kept.map((m) => receiver.abandonMessage(m)));
      await receiver.close();
    }
    return replayed;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await Promise.all([...this.senders.values()].map((s) => s.close()));
    this.senders.clear();
    await this.sbClient?.close();
    this.sbClient = undefined;
  }

  private client(): ServiceBusClient {
    this.sbClient ??=
      this.target.kind === 'connection-string'
        ? new ServiceBusClient(this.target.value)
        : new ServiceBusClient(this.target.value, this.options.credential ?? defaultCredential());
    return this.sbClient;
  }

  private sender(queue: string): ServiceBusSender {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = this.client().createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }
}

/**
 * Complete on success, abandon on any error (with the error's summary kept), as Azure's Functions host settles a
 * trigger's message: Service Bus dead-letters it after maxDeliveryCount, whatever the error was.
 */
async function settle(receiver: ServiceBusReceiver, message: ServiceBusReceivedMessage, handler: MessageHandler): Promise<void> {
  try {
    await handler(fromServiceBusMessage(message));
  } catch (error) {
    await receiver.abandonMessage(message, { [LAST_ERROR_PROPERTY]: summarizeError(error) });
    return;
  }
  await receiver.completeMessage(message);
}

function logReceiveError({ entityPath, errorSource, error }: ProcessErrorArgs): void {
  // The summary, never the error object: SDK errors can carry connection details.
  console.error(`Service Bus ${errorSource} error on ${entityPath}: ${summarizeError(error)}`);
}
