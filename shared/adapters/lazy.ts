import type { TokenCredential } from '@azure/identity';
import type { Bus, BusReceiver, MessageHandler, OutgoingMessage, ReceivedMessage, Subscription } from '../ports/bus.js';

/**
 * Cold start: @azure/identity, @azure/service-bus and @azure/arm-support each cost 100–150 ms to import, and most
 * invocations need none of them (locally: embedded broker, connection strings; in Azure the trigger bindings do the
 * receiving). These wrappers import them on first use instead of at module load.
 */
export function lazyCredential(make: () => Promise<TokenCredential>): TokenCredential {
  let inner: Promise<TokenCredential> | undefined;
  return { getToken: async (scopes, options) => (await (inner ??= make())).getToken(scopes, options) };
}

/** DefaultAzureCredential (managed identity in Azure, `az login` on a laptop), loaded when a token is first needed. */
export function defaultCredential(): TokenCredential {
  return lazyCredential(async () => new (await import('@azure/identity')).DefaultAzureCredential());
}

/** A Bus whose implementation module is imported on first use; `subscribe` stays synchronous as the port wants. */
export class LazyBus implements Bus, BusReceiver {
  private inner: Promise<Bus & BusReceiver> | undefined;

  constructor(private readonly make: () => Promise<Bus & BusReceiver>) {}

  private get(): Promise<Bus & BusReceiver> {
    return (this.inner ??= this.make());
  }

  async send(queue: string, messages: OutgoingMessage[]): Promise<void> {
    return (await this.get()).send(queue, messages);
  }

  async ping(): Promise<void> {
    return (await this.get()).ping();
  }

  subscribe(queue: string, handler: MessageHandler, options?: { maxConcurrentCalls?: number }): Subscription {
    const subscription = this.get().then((bus) => bus.subscribe(queue, handler, options));
    return { close: async () => (await subscription).close() };
  }

  async peekDeadLetters(queue: string, max?: number): Promise<ReceivedMessage[]> {
    return (await this.get()).peekDeadLetters(queue, max);
  }

  async replayDeadLetters(queue: string, filter?: (m: ReceivedMessage) => boolean): Promise<number> {
    return (await this.get()).replayDeadLetters(queue, filter);
  }

  async close(): Promise<void> {
    if (this.inner) await (await this.inner).close();
  }
}
