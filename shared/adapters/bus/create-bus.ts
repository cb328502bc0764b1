import type { Config } from '../../config.js';
import type { Bus, BusReceiver } from '../../ports/bus.js';
import { EmbeddedBroker } from './embedded-broker.js';
import type { EmbeddedBrokerOptions } from './embedded-options.js';
import { ServiceBusBus, type ServiceBusBusOptions } from './service-bus.js';

/** The bus the settings ask for: the embedded broker (local host only) or Azure Service Bus. */
export function createBus(
  config: Config['serviceBus'],
  options: { embedded?: EmbeddedBrokerOptions; serviceBus?: ServiceBusBusOptions } = {},
): Bus & BusReceiver {
  return config.kind === 'embedded' ? new EmbeddedBroker(options.embedded) : new ServiceBusBus(config, options.serviceBus);
}
