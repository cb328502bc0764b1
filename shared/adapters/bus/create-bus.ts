import type { Config } from '../../config.js';
import type { Bus, BusReceiver } from '../../ports/bus.js';
import { EmbeddedBroker } from './embedded-broker.js';
import type { EmbeddedBrokerOptions } from './embedded-options.js';
import { LazyBus } from '../lazy.js';
import type { ServiceBusBusOptions } from './service-bus.js';

/** The bus the settings ask for: the embedded broker (local host only) or Azure Service Bus. */
export function createBus(
  config: Config['serviceBus'],
  options: { embedded?: EmbeddedBrokerOptions; serviceBus?: ServiceBusBusOptions } = {},
): Bus & BusReceiver {
  if (config.kind === 'embedded') return new EmbeddedBroker(options.embedded);
  // Imported on first use: the Functions host's own triggers receive in Azure, so many instances only ever send.
  return new LazyBus(async () => new (await import('./service-bus.js')).ServiceBusBus(config, options.serviceBus));
}
