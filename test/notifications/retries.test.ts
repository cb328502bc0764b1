import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { CONTRACT_ATTEMPTS, CONTRACT_RETRY_WAITS_MS } from '../support/contract-schedule.js';
import { notifyRelayForFile } from './support/notify-relay.js';
import { inOrder } from './support/scripted-receiver.js';

interface TicketWithDeliveries {
  status: string;
  history: { note: string }[];
  deliveries: { eventId: string; status: string; attempts: { statusCode: number | null }[] }[];
}

describe('notification retries against a local receiver, with fake time', () => {
  const { n, receiver } = notifyRelayForFile();

  it('when the receiver fails twice then succeeds, then it gets three attempts with one webhook-id and valid, different signatures', async () => {
    const tool = await n.addTool(receiver.on('/twice', inOrder({ status: 500 }, { status: 503 }, { status: 204 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    const first = await n.delivery(ticketId);
    expect(first).toMatchObject({ status: 'retrying', eventId: `evt_${ticketId}_ticket_recorded` });
    expect(Date.parse(first.nextAttemptAt!) - Date.parse(first.attempts[0]!.at)).toBe(CONTRACT_RETRY_WAITS_MS[0]);

    await n.runNextAttempt(ticketId);
    const done = await n.runNextAttempt(ticketId);

    const calls = receiver.callsTo('/twice');
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers['webhook-id']))).toEqual(new Set([first.eventId]));
    expect(new Set(calls.map((c) => c.headers['webhook-timestamp'])).size).toBe(3);
    expect(new Set(calls.map((c) => c.headers['webhook-signature'])).size).toBe(3);
    for (const call of calls) {
      const verdict = verifyWebhook({
        headers: {
          id: call.headers['webhook-id'] as string,
          timestamp: call.headers['webhook-timestamp'] as string,
          signature: call.headers['webhook-signature'] as string,
        },
        rawBody: call.body,
        secrets: [tool.callbackSecret],
        now: new Date(Number(call.headers['webhook-timestamp']) * 1000),
      });
      expect(verdict).toEqual({ ok: true });
      expect(JSON.parse(call.body)).toMatchObject({ type: 'ticket.recorded', timestamp: first.attempts[0]!.at, data: { ticketId } });
    }
    expect(done.status).toBe('delivered');
    expect(done.attempts.map((a) => a.statusCode)).toEqual([500, 503, 204]);
    expect(Date.parse(done.attempts[2]!.at) - Date.parse(done.attempts[1]!.at)).toBe(CONTRACT_RETRY_WAITS_MS[1]);

    const view = (await (await n.relay.get(tool.apiKey, `/api/v1/service-requests/${ticketId}`)).json()) as TicketWithDeliveries;
    expect(view.status).toBe('notified');
    expect(view.deliveries).toEqual([expect.objectContaining({ eventId: first.eventId, status: 'delivered' })]);
    expect(view.deliveries[0]!.attempts.map((a) => a.statusCode)).toEqual([500, 503, 204]);
  });

  it('when the receiver answers 429 with Retry-After, then the next attempt waits that long instead of 5 s', async () => {
    const tool = await n.addTool(receiver.on('/throttled', inOrder({ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    const first = await n.delivery(ticketId);
    expect(first.attempts[0]).toMatchObject({ statusCode: 429, retryAfterSeconds: 3600 });
    expect(Date.parse(first.nextAttemptAt!) - Date.parse(first.attempts[0]!.at)).toBe(3_600_000);

    n.time.advanceBy(CONTRACT_RETRY_WAITS_MS[0]! + 1000);
    await n.relay.drain();
    expect(receiver.callsTo('/throttled')).toHaveLength(1);

    const done = await n.runNextAttempt(ticketId);
    expect(receiver.callsTo('/throttled')).toHaveLength(2);
    expect(done.status).toBe('delivered');
  });

  it('when every attempt fails, then after 8 attempts on the schedule the delivery is failed and kept for replay', async () => {
    const tool = await n.addTool(receiver.on('/down', inOrder({ status: 500 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    let delivery = await n.delivery(ticketId);
    while (delivery.nextAttemptAt) delivery = await n.runNextAttempt(ticketId);

    expect(receiver.callsTo('/down')).toHaveLength(CONTRACT_ATTEMPTS);
    expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
    const gaps = delivery.attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(delivery.attempts[i]!.at));
    expect(gaps).toEqual(CONTRACT_RETRY_WAITS_MS);

    const view = (await (await n.relay.get(tool.apiKey, `/api/v1/service-requests/${ticketId}`)).json()) as TicketWithDeliveries;
    expect(view.status).toBe('recorded');
    expect(view.deliveries[0]).toMatchObject({ status: 'failed' });
    expect(view.history.at(-1)?.note).toContain(`gave up after ${CONTRACT_ATTEMPTS} attempts`);
  });
});
