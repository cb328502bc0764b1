import { afterAll, beforeAll, expect } from 'vitest';
import { HttpWebhookSender } from '../../../shared/adapters/webhooks/http-sender.js';
import { DEMO, demoDirectory } from '../../../shared/local-host/demo-directory.js';
import type { Delivery } from '../../../shared/ports/delivery-log.js';
import type { NewToolCredentials } from '../../../shared/ports/tool-registry.js';
import type { WebhookSender } from '../../../shared/ports/webhook-sender.js';
import { startTestRelay, type TestRelay } from '../../support/test-relay.js';
import { FakeTime } from './fake-time.js';
import { ScriptedReceiver } from './scripted-receiver.js';

export const mailIssue = {
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  service: 'Exchange Online',
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  severity: 'high',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
};

/**
 * The real relay with every clock faked: deps.clock and the broker's now/timers share one FakeTime, jitter is
 * pinned to zero, and the webhook sender is the real HttpWebhookSender (swappable per test for a shorter timeout or
 * a fake DNS). Retries only happen when a test moves time to a delivery's `nextAttemptAt`.
 */
export interface NotifyRelay {
  relay: TestRelay;
  time: FakeTime;
  useSender(sender: WebhookSender): void;
  /** A tool of the demo direct partner with this callback URL. */
  addTool(callbackUrl: string | null): Promise<NewToolCredentials>;
  /** Submits an eligible request and runs the pipeline up to the first notification attempt; returns the ticket id. */
  submitRecorded(apiKey: string): Promise<string>;
  delivery(ticketId: string): Promise<Delivery>;
  /** Moves time to the delivery's next attempt and lets the scheduled message run. */
  runNextAttempt(ticketId: string): Promise<Delivery>;
  stop(): Promise<void>;
}

export async function startNotifyRelay(options: { env?: Record<string, string> } = {}): Promise<NotifyRelay> {
  const time = new FakeTime(new Date());
  let sender: WebhookSender = new HttpWebhookSender({ allowLocal: true, clock: time.clock });
  const relay = await startTestRelay({
    broker: { now: time.now, timers: time.timers },
    overrides: {
      clock: time.clock,
      webhooks: { send: (request) => sender.send(request) },
      settings: {
        cloud: 'public',
        rateLimitPerMinute: 600,
        random: () => 0.5,
        filingReminderHours: { sevA: 4, other: 24 },
        azureFollowUpMinutes: 30,
      },
    },
    ...(options.env ? { env: options.env } : {}),
  });
  await relay.importDirectory(demoDirectory(time.clock.now()));
  const delivery = async (ticketId: string) => {
    const [found] = await relay.deps.deliveries.forTicket(DEMO.direct, ticketId);
    if (!found) throw new Error(`no delivery for ${ticketId}`);
    return found;
  };
  return {
    relay,
    time,
    useSender: (next) => void (sender = next),
    addTool: (callbackUrl) => relay.addTool(DEMO.direct, callbackUrl),
    submitRecorded: async (apiKey) => {
      const res = await relay.submit(apiKey, mailIssue);
      expect(res.status).toBe(202);
      const { ticketId } = (await res.json()) as { ticketId: string };
      await relay.drain();
      return ticketId;
    },
    delivery,
    runNextAttempt: async (ticketId) => {
      const { nextAttemptAt } = await delivery(ticketId);
      if (!nextAttemptAt) throw new Error(`delivery for ${ticketId} has no next attempt`);
      time.advanceTo(new Date(nextAttemptAt));
      await relay.drain();
      return delivery(ticketId);
    },
    stop: () => relay.stop(),
  };
}

/**
 * A NotifyRelay and a ScriptedReceiver for the whole file, started before its tests and stopped after. `n` can be
 * taken at the top of a describe block: it forwards to the relay once beforeAll has started it.
 */
export function notifyRelayForFile(options: { env?: Record<string, string> } = {}): { n: NotifyRelay; receiver: ScriptedReceiver } {
  const receiver = new ScriptedReceiver();
  let started: NotifyRelay | undefined;
  const n = new Proxy({} as NotifyRelay, {
    get: (_target, key) => {
      if (!started) throw new Error('the notify relay starts in beforeAll; use it inside tests or hooks');
      return Reflect.get(started, key) as unknown;
    },
  });
  beforeAll(async () => {
    await receiver.start();
    started = await startNotifyRelay(options);
  });
  afterAll(async () => {
    await started?.stop();
    await receiver.stop();
  });
  return { n, receiver };
}
