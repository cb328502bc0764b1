import { ServiceBusClient } from '@azure/service-bus';
import { describe } from 'vitest';
import { ServiceBusBus } from '../../../shared/adapters/bus/service-bus.js';
import { MAX_DELIVERY_COUNT } from '../../../shared/queues.js';
import { runBusConformance } from './conformance.js';
import type { BusUnderTest } from './harness.js';

/**
 * Opt-in run against a real namespace. The queue (default `relay-conformance`) must exist with duplicate
 * detection on, maxDeliveryCount 10 and a short window (PT20S, the minimum, unless
 * SERVICE_BUS_TEST_DUPLICATE_WINDOW_MS says otherwise); the suite empties it before each test.
 */
const conn = process.env['SERVICE_BUS_TEST_CONNECTION'];
const queue = process.env['SERVICE_BUS_TEST_QUEUE'] ?? 'relay-conformance';
const duplicateDetectionWindowMs = Number(process.env['SERVICE_BUS_TEST_DUPLICATE_WINDOW_MS'] ?? 20_000);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function drain(client: ServiceBusClient, subQueueType?: 'deadLetter'): Promise<void> {
  const receiver = client.createReceiver(queue, { receiveMode: 'receiveAndDelete', ...(subQueueType ? { subQueueType } : {}) });
  try {
    while ((await receiver.receiveMessages(100, { maxWaitTimeInMs: 1_000 })).length > 0);
  } finally {
    await receiver.close();
  }
}

async function serviceBusUnderTest(connectionString: string): Promise<BusUnderTest> {
  const bus = new ServiceBusBus({ kind: 'connection-string', value: connectionString });
  const admin = new ServiceBusClient(connectionString);
  return {
    bus,
    freshQueue: async () => {
      await drain(admin);
      await drain(admin, 'deadLetter');
      return queue;
    },
    now: () => Date.now(),
    advance: sleep,
    step: () => sleep(500),
    maxSteps: 120,
    settle: () => sleep(3_000),
    duplicateDetectionWindowMs,
    maxDeliveryCount: MAX_DELIVERY_COUNT,
    close: async () => {
      await bus.close();
      await admin.close();
    },
  };
}

describe.skipIf(!conn)(
  'ServiceBusBus against a real namespace (skipped: set SERVICE_BUS_TEST_CONNECTION to run against a real namespace)',
  () => {
    runBusConformance('ServiceBusBus', () => serviceBusUnderTest(conn!), { timeoutMs: 180_000 });
  },
);
