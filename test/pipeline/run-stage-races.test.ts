import { describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { claimTicket } from '../../shared/pipeline/claim.js';
import { StaleTicketError } from '../../shared/ports/ticket-store.js';
import { advanceFails, listeningTool } from './harness.js';
import { mailIssue } from './mail-issue.js';

/** A stage's write racing other writers, or meeting a storage blip: re-read, wait it out, or hand the message back. */

async function setUp() {
  const { h, sender } = await listeningTool();
  return { h, sender, ticketId: await h.submit(mailIssue) };
}
const stale = (ticketId: string) => new StaleTicketError(ticketId);

describe('a stage write that races', () => {
  it('when another writer wins twice, then the stage re-reads and its third write goes through', async () => {
    const { h, ticketId } = await setUp();
    expect(await h.runStage(ticketId, 'eligibility', advanceFails(h.deps, 2, stale))).toBe('advanced');
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status).toBe('checked');
  });

  it('when the ticket keeps changing (a third lost race), then the message is handed back saying so (the broker redelivers it later)', async () => {
    const { h, ticketId } = await setUp();
    await expect(h.runStage(ticketId, 'eligibility', advanceFails(h.deps, 3, stale))).rejects.toThrow(
      `ticket ${ticketId} kept changing while eligibility ran; retrying later`,
    );
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status).toBe('received');
  });

  it('when storage fails before any outside call, then the message is handed back at once, not retried as a race', async () => {
    const { h, ticketId } = await setUp();
    await expect(
      h.runStage(
        ticketId,
        'eligibility',
        advanceFails(h.deps, 1, () => new Error('storage unavailable')),
      ),
    ).rejects.toThrow('storage unavailable');
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status).toBe('received');
  });

  it('when storage blips after the webhook was sent, then the write is waited out: one POST, and the delivery is recorded', async () => {
    const { h, sender, ticketId } = await setUp();
    await h.runThrough(ticketId);
    const blip = advanceFails(h.deps, 2, () => new Error('storage unavailable'));
    expect(await h.runStage(ticketId, 'notifications', blip)).toBe('advanced');
    expect(sender.requests).toHaveLength(1);
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status).toBe('notified');
  });

  it('when another handler holds the claim on the notification, then this copy is sent away without calling the tool', async () => {
    const { h, sender, ticketId } = await setUp();
    await h.runThrough(ticketId);
    // Nothing is called outside before the notifications stage itself runs (recording ran inline, without a call).
    expect(sender.requests).toEqual([]);
    const stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    expect(await claimTicket(h.deps, 'notifications', stored, 'another handler')).not.toBe('stale');
    expect(await h.runStage(ticketId, 'notifications', h.deps)).toBe('claimed-elsewhere');
    expect(sender.requests).toEqual([]);
  });
});
