import { beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { eventIdFor, type EventType } from '../../shared/domain/ticket.js';
import type { WebhookAttemptResult, WebhookRequest } from '../../shared/ports/webhook-sender.js';
import { CONTRACT_RETRY_WAITS_MS } from '../support/contract-schedule.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * The notifications stage against a tool's receiver that answers as told: what the ticket's history says after each
 * attempt (an operator reads it with `relay tickets show`), and what the delivery record keeps.
 */
describe('notifications stage: history and delivery record', () => {
  let h: PipelineHarness;
  const answers: WebhookAttemptResult[] = [];
  const requests: WebhookRequest[] = [];
  beforeAll(async () => {
    const webhooks = {
      send: async (request: WebhookRequest) => {
        requests.push(request);
        return answers.shift() ?? { ok: true, statusCode: 204, latencyMs: 3 };
      },
    };
    h = await pipelineHarness({
      directory: demoDirectory(),
      partnerTenantId: DEMO.direct,
      overrides: { webhooks },
      callbackUrl: 'https://tool.example/outcomes',
    });
  });

  /** A ticket run up to its first notification; its event and the notes written from then on. */
  async function owed(): Promise<{ ticketId: string; event: EventType; notes: () => Promise<string[]> }> {
    const ticketId = await h.submit(mailIssue);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    let stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    if (stored.ticket.nextStage === 'recording') {
      await h.runStage(ticketId, 'recording');
      stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    }
    expect(stored.ticket.nextStage).toBe('notifications');
    const before = (await h.deps.tickets.history(DEMO.direct, ticketId)).length;
    const notes = async () => (await h.deps.tickets.history(DEMO.direct, ticketId)).slice(before).map((e) => e.note);
    return { ticketId, event: stored.ticket.pendingEvent!, notes };
  }
  const delivery = (ticketId: string, event: EventType) => h.deps.deliveries.get(DEMO.direct, eventIdFor(ticketId, event));

  it('when the receiver answers 2xx, then the history says delivered on which attempt and the JSON body was sent as JSON', async () => {
    const { ticketId, event, notes } = await owed();
    answers.push({ ok: true, statusCode: 200, latencyMs: 3 });
    await h.runStage(ticketId, 'notifications');
    expect(await notes()).toEqual([`${event} delivered (attempt 1)`]);
    expect(requests.at(-1)!.headers['content-type']).toBe('application/json');
    expect((await delivery(ticketId, event))?.status).toBe('delivered');
  });

  it.each([
    ['300 (a redirect is not a delivery)', 300],
    ['no answer at all', null],
  ])('when the receiver gives %s, then the attempt failed and a retry is planned on the schedule', async (_label, statusCode) => {
    const { ticketId, event, notes } = await owed();
    answers.push({ ok: false, statusCode, latencyMs: 3, ...(statusCode === null ? { error: 'connection refused' } : {}) });
    await h.runStage(ticketId, 'notifications');
    const saved = (await delivery(ticketId, event))!;
    expect(saved.status).toBe('retrying');
    const wait = Date.parse(saved.nextAttemptAt!) - Date.parse(saved.attempts[0]!.at);
    // The contract's first wait, give or take its 10 % jitter.
    expect(wait).toBeGreaterThanOrEqual(CONTRACT_RETRY_WAITS_MS[0]! * 0.9);
    expect(wait).toBeLessThanOrEqual(CONTRACT_RETRY_WAITS_MS[0]! * 1.1);
    expect(await notes()).toEqual([`${event} attempt 1 failed; retry at ${saved.nextAttemptAt}`]);
  });

  it('when the receiver asks to wait longer (503 with Retry-After), then the retry waits that long and the attempt keeps what it asked', async () => {
    const { ticketId, event } = await owed();
    answers.push({ ok: false, statusCode: 503, latencyMs: 3, retryAfterSeconds: 600 });
    await h.runStage(ticketId, 'notifications');
    const saved = (await delivery(ticketId, event))!;
    expect(saved.attempts[0]).toMatchObject({ statusCode: 503, retryAfterSeconds: 600 });
    expect(Date.parse(saved.nextAttemptAt!) - Date.parse(saved.attempts[0]!.at)).toBe(600_000);
  });

  it('when the receiver answers 410 Gone, then the callback URL is removed and the history says so, with the replay command', async () => {
    const { ticketId, event, notes } = await owed();
    answers.push({ ok: false, statusCode: 410, latencyMs: 3 });
    await h.runStage(ticketId, 'notifications');
    const eventId = eventIdFor(ticketId, event);
    expect(await notes()).toEqual([
      `${event} delivery failed: endpoint answered 410 Gone and its callback URL was removed; replay with: relay deliveries replay ${eventId}`,
    ]);
    expect((await h.deps.tools.get(h.tool.toolId))?.callbackUrl).toBeNull();
    await h.deps.tools.setCallback(h.tool.toolId, 'https://tool.example/outcomes');
  });

  it('when the tool loses its callback URL while a retry is planned, then the delivery fails and the history says why', async () => {
    const { ticketId, event, notes } = await owed();
    answers.push({ ok: false, statusCode: 500, latencyMs: 3 });
    await h.runStage(ticketId, 'notifications');
    await h.deps.tools.setCallback(h.tool.toolId, null);
    try {
      await h.runStage(ticketId, 'notifications');
    } finally {
      await h.deps.tools.setCallback(h.tool.toolId, 'https://tool.example/outcomes');
    }
    expect((await notes()).at(-1)).toBe(`${event} delivery failed: the tool was disabled or its callback URL removed`);
    expect((await delivery(ticketId, event))?.status).toBe('failed');
  });

  it('when a tool without a callback URL is owed nothing yet, then the history says the outcome stays on the status API', async () => {
    const { ticketId, notes } = await owed();
    await h.deps.tools.setCallback(h.tool.toolId, null);
    try {
      await h.runStage(ticketId, 'notifications');
    } finally {
      await h.deps.tools.setCallback(h.tool.toolId, 'https://tool.example/outcomes');
    }
    expect(await notes()).toEqual(['no callback URL registered; outcome kept for the status API']);
  });
});
