import { afterEach, describe, expect, it } from 'vitest';
import { createBus } from '../../../shared/adapters/bus/create-bus.js';
import { EmbeddedBroker } from '../../../shared/adapters/bus/embedded-broker.js';
import { LazyBus } from '../../../shared/adapters/lazy.js';
import type { Bus } from '../../../shared/ports/bus.js';

describe('createBus', () => {
  let bus: Bus | undefined;
  afterEach(() => bus?.close());

  it('when the settings ask for the embedded broker, then the embedded broker is used', () => {
    bus = createBus({ kind: 'embedded' });
    expect(bus).toBeInstanceOf(EmbeddedBroker);
  });

  it('when the settings name a connection string or a namespace, then Service Bus is used, loaded and connected only on first use', async () => {
    bus = createBus({ kind: 'connection-string', value: 'Endpoint=sb://127.0.0.1/;SharedAccessKeyName=k;SharedAccessKey=s' });
    expect(bus).toBeInstanceOf(LazyBus);
    expect(bus).not.toBeInstanceOf(EmbeddedBroker);
    expect(createBus({ kind: 'namespace', value: 'relay.servicebus.windows.net' })).toBeInstanceOf(LazyBus);
    // Closing a bus that was never used loads nothing and connects nowhere.
    await bus.close();
    bus = undefined;
  });
});
