import type { Bus, BusReceiver, MessageHandler, ReceivedMessage, Subscription } from '../../../shared/ports/bus.js';

/** One bus implementation as the conformance suite drives it; time and waiting are the harness's business. */
export interface BusUnderTest {
  bus: Bus & BusReceiver;
  /** A queue with no messages and no dead letters. */
  freshQueue(): Promise<string>;
  /** The broker's clock, ms since the epoch. */
  now(): number;
  /** Lets `ms` of broker time pass: fake timers for the embedded broker, a real wait for Service Bus. */
  advance(ms: number): Promise<void>;
  /** One short chance for the broker to make progress while the suite waits for an outcome. */
  step(): Promise<void>;
  /** Steps before an awaited outcome counts as never coming. */
  maxSteps: number;
  /** Returns once a wrongly pending (re)delivery would have arrived. Never called while handlers are blocked. */
  settle(): Promise<void>;
  duplicateDetectionWindowMs: number;
  maxDeliveryCount: number;
  close(): Promise<void>;
}

export async function until(t: BusUnderTest, check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < t.maxSteps; i++) {
    if (await check()) return;
    await t.step();
  }
  if (!(await check())) throw new Error(`gave up waiting until ${what}`);
}

/** Subscribes and records every delivery (in order) before `behaviour` decides its fate. */
export function listen(
  t: BusUnderTest,
  subscriptions: Subscription[],
  queue: string,
  behaviour: MessageHandler = async () => {},
  maxConcurrentCalls?: number,
): ReceivedMessage[] {
  const seen: ReceivedMessage[] = [];
  const handler: MessageHandler = async (m) => {
    seen.push(structuredClone(m));
    await behaviour(m);
  };
  subscriptions.push(t.bus.subscribe(queue, handler, maxConcurrentCalls === undefined ? {} : { maxConcurrentCalls }));
  return seen;
}

/** A promise the test opens by hand, to hold handlers mid-flight. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}
