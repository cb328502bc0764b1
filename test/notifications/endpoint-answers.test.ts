import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, HttpWebhookSender } from '../../shared/adapters/webhooks/http-sender.js';
import { notifyRelayForFile } from './support/notify-relay.js';
import { inOrder } from './support/scripted-receiver.js';

describe('what a callback answer does to the delivery', () => {
  const { n, receiver } = notifyRelayForFile();

  it('when the receiver answers 410 Gone, then the delivery fails at once and the callback URL is removed', async () => {
    const tool = await n.addTool(receiver.on('/gone', inOrder({ status: 410 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    expect(await n.delivery(ticketId)).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
      attempts: [expect.objectContaining({ statusCode: 410 })],
    });
    expect((await n.relay.deps.tools.get(tool.tool.toolId))?.callbackUrl).toBeNull();

    // The next outcome of that tool is kept for the status API and nothing is sent.
    const later = await n.submitRecorded(tool.apiKey);
    expect(receiver.callsTo('/gone')).toHaveLength(1);
    expect(await n.relay.deps.deliveries.forTicket(tool.tool.partnerTenantId, later)).toEqual([]);
  });

  it.each([301, 302, 303, 307, 308])(
    'when the receiver answers %i, then it is a failed attempt and the Location is never requested',
    async (status) => {
      const path = `/redirect-${status}`;
      const tool = await n.addTool(receiver.on(path, inOrder({ status, headers: { location: `${path}/moved` } })));
      const ticketId = await n.submitRecorded(tool.apiKey);
      const delivery = await n.delivery(ticketId);
      expect(delivery.status).toBe('retrying');
      expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: status, error: expect.stringContaining('not followed') })]);
      expect(receiver.callsTo(`${path}/moved`)).toEqual([]);
    },
  );

  it('when the receiver hangs for 20 s, then the attempt ends at the sender timeout as a failure and is retried', async () => {
    // The production timeout is 15 s; the same sender with a short timeout stands in, so the test does not wait.
    expect(new HttpWebhookSender({ allowLocal: false }).timeoutMs).toBe(15_000);
    expect(DEFAULT_WEBHOOK_TIMEOUT_MS).toBe(15_000);
    n.useSender(new HttpWebhookSender({ allowLocal: true, timeoutMs: 150, clock: n.time.clock }));
    try {
      const tool = await n.addTool(receiver.on('/slow', inOrder({ status: 204, afterMs: 20_000 })));
      const ticketId = await n.submitRecorded(tool.apiKey);
      const delivery = await n.delivery(ticketId);
      expect(delivery.status).toBe('retrying');
      expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: null, error: 'no answer within 150 ms' })]);
    } finally {
      n.useSender(new HttpWebhookSender({ allowLocal: true, clock: n.time.clock }));
    }
  });
});
