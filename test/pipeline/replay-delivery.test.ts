import { describe, expect, it } from 'vitest';
import { eventIdFor } from '../../shared/domain/ticket.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { failedSince, replayDelivery } from '../../shared/pipeline/replay-delivery.js';
import { StaleTicketError } from '../../shared/ports/ticket-store.js';
import { advanceFails, listeningTool } from './harness.js';
import { mailIssue } from './mail-issue.js';

/** `relay deliveries replay` and `relay deliveries failed`: what an operator is told, and when a replay is refused. */

const HOOK = 'https://tool.example/outcomes';

/** A ticket whose outcome delivery failed for good: the receiver answered 410 Gone (its callback is then removed). */
async function failedDelivery() {
  const { h, sender } = await listeningTool(410);
  const ticketId = await h.submit(mailIssue);
  const { ticket } = await h.runThrough(ticketId);
  const eventId = eventIdFor(ticketId, ticket.pendingEvent!);
  await h.runStage(ticketId, 'notifications');
  const delivery = (await h.deps.deliveries.get(DEMO.direct, eventId))!;
  expect(delivery.status).toBe('failed');
  return { h, sender, ticketId, eventId, delivery, type: ticket.pendingEvent! };
}

const detailOf = (outcome: Awaited<ReturnType<typeof replayDelivery>>) =>
  outcome.kind === 'refused' ? [outcome.reason, outcome.detail] : outcome.kind;

describe('replaying a failed delivery', () => {
  it('when the receiver is fixed and the callback set again, then the replay sends the same event and the history says which attempt', async () => {
    const { h, sender, ticketId, eventId, type } = await failedDelivery();
    expect(detailOf(await replayDelivery(h.deps, DEMO.direct, eventId))).toEqual([
      'no-callback',
      `tool ${h.tool.toolId} has no callback URL (or is disabled); set one with: relay tools set-callback ${h.tool.toolId} <url>`,
    ]);
    await h.deps.tools.setCallback(h.tool.toolId, HOOK);
    const outcome = await replayDelivery(h.deps, DEMO.direct, eventId);
    expect(outcome).toMatchObject({ kind: 'replayed', delivery: { status: 'delivered' } });
    expect(sender.requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
    const notes = (await h.deps.tickets.history(DEMO.direct, ticketId)).map((e) => e.note);
    expect(notes).toContain(`operator replay of ${type} (attempt 2)`);
  });

  it('when the delivery is unknown, not failed, or a partner event, then the operator is told why and what happens instead', async () => {
    const { h, eventId, delivery } = await failedDelivery();
    expect(detailOf(await replayDelivery(h.deps, DEMO.direct, 'evt_unknown'))).toEqual([
      'not-found',
      `no delivery evt_unknown for partner ${DEMO.direct}`,
    ]);
    await h.deps.deliveries.save({ ...delivery, status: 'retrying' });
    expect(detailOf(await replayDelivery(h.deps, DEMO.direct, eventId))).toEqual([
      'not-failed',
      `${eventId} is retrying; only failed deliveries are replayed`,
    ]);
    await h.deps.tools.setCallback(h.tool.toolId, HOOK);
    await h.deps.deliveries.save({ ...delivery, eventId: 'evt_gdap_0123', ticketId: null, type: 'gdap.expiring' });
    expect(detailOf(await replayDelivery(h.deps, DEMO.direct, 'evt_gdap_0123'))).toEqual([
      'not-found',
      'evt_gdap_0123 is a partner event; the next directory sync sends it again',
    ]);
    await h.deps.deliveries.save({ ...delivery, eventId: 'evt_orphan', ticketId: 'tk_gone' });
    expect(detailOf(await replayDelivery(h.deps, DEMO.direct, 'evt_orphan'))).toEqual([
      'not-found',
      'ticket tk_gone of evt_orphan no longer exists',
    ]);
  });

  it('when a delivery has 92 attempts, then one more run of 8 still fits the message attempt limit (100); with 93 it is refused', async () => {
    const { h, eventId, delivery } = await failedDelivery();
    await h.deps.tools.setCallback(h.tool.toolId, HOOK);
    await h.deps.deliveries.save({ ...delivery, attempts: Array(93).fill(delivery.attempts[0]) });
    expect(detailOf(await replayDelivery(h.deps, DEMO.direct, eventId))).toEqual([
      'too-many-replays',
      `${eventId} already has 93 attempts; fix the receiver and let the partner read the status API`,
    ]);
    await h.deps.deliveries.save({ ...delivery, attempts: Array(92).fill(delivery.attempts[0]) });
    expect(await replayDelivery(h.deps, DEMO.direct, eventId)).toMatchObject({ kind: 'replayed', delivery: { status: 'delivered' } });
  });

  it('when the ticket changes while the replay is written, then the operator is asked to try again; a storage failure is thrown', async () => {
    const { h, ticketId, eventId } = await failedDelivery();
    await h.deps.tools.setCallback(h.tool.toolId, HOOK);
    expect(
      detailOf(
        await replayDelivery(
          advanceFails(h.deps, 1, (id) => new StaleTicketError(id)),
          DEMO.direct,
          eventId,
        ),
      ),
    ).toEqual(['ticket-busy', `ticket ${ticketId} changed meanwhile; try again`]);
    await expect(
      replayDelivery(
        advanceFails(h.deps, 1, () => new Error('storage unavailable')),
        DEMO.direct,
        eventId,
      ),
    ).rejects.toThrow('storage unavailable');
  });
});

describe('listing failed deliveries', () => {
  it("when asked for one partner, then only its failures, oldest change first; without a partner, everyone's", async () => {
    const { h, delivery } = await failedDelivery();
    const failed = (eventId: string, partnerTenantId: string, updatedAt: string) => ({ ...delivery, eventId, partnerTenantId, updatedAt });
    await h.deps.deliveries.save(failed('evt_late', DEMO.direct, '2030-01-01T10:00:00.000Z'));
    await h.deps.deliveries.save(failed('evt_early', DEMO.direct, '2030-01-01T08:00:00.000Z'));
    await h.deps.deliveries.save(failed('evt_other', DEMO.reseller, '2030-01-01T09:00:00.000Z'));
    const since = new Date('2030-01-01T07:00:00Z');
    expect((await failedSince(h.deps, since, DEMO.direct)).map((d) => d.eventId)).toEqual(['evt_early', 'evt_late']);
    expect((await failedSince(h.deps, since)).map((d) => d.eventId)).toEqual(['evt_early', 'evt_other', 'evt_late']);
  });
});
