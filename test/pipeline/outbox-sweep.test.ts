import { beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import type { Bus } from '../../shared/ports/bus.js';
import { OUTBOX_GRACE_MS, sweepOutbox } from '../../shared/pipeline/outbox-sweep.js';
import { QUEUES } from '../../shared/queues.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * The outbox sweeper (README "Reliability"): a message a crash or a broker outage left unsent is republished once its
 * grace period has passed, first under its own id (so a copy still queued collapses in duplicate detection), then
 * under ids of its own; a retry scheduled for later is not stuck; one row that fails does not stop the others.
 */
describe('outbox sweeper', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });

  /** The relay's deps with the clock moved `ms` ahead of the store's (which stamps rows with the real time). */
  const later = (ms: number, bus = h.deps.bus): Deps => ({ ...h.deps, bus, clock: { now: () => new Date(Date.now() + ms) } });
  const sentFor = (ticketId: string) => h.sent.filter((s) => (s.message.body as { ticketId?: string }).ticketId === ticketId);
  /** Sweeps until this ticket's row is no longer owed by other tests' leftovers: the count of this ticket's republishes. */
  async function sweep(deps: Deps, ticketId: string): Promise<number> {
    const before = sentFor(ticketId).length;
    await sweepOutbox(deps);
    return sentFor(ticketId).length - before;
  }

  it('when a row is younger than the grace period, then it is left alone', async () => {
    const ticketId = await h.submit(mailIssue);
    expect(await sweep(later(OUTBOX_GRACE_MS - 5_000), ticketId)).toBe(0);
  });

  it('when a row is still owed after the grace period, then it is republished, first under its own id, then under numbered ids', async () => {
    const ticketId = await h.submit(mailIssue);
    const original = sentFor(ticketId)[0]!.message;
    expect(await sweep(later(OUTBOX_GRACE_MS + 5_000), ticketId)).toBe(1);
    // The sweep restarted the row's grace period: an immediate second sweep leaves it alone.
    expect(await sweep(later(OUTBOX_GRACE_MS - 5_000), ticketId)).toBe(0);
    expect(await sweep(later(OUTBOX_GRACE_MS + 5_000), ticketId)).toBe(1);
    expect(await sweep(later(OUTBOX_GRACE_MS + 5_000), ticketId)).toBe(1);
    const republished = sentFor(ticketId).slice(1);
    expect(republished.map((s) => s.queue)).toEqual([QUEUES.eligibility, QUEUES.eligibility, QUEUES.eligibility]);
    expect(republished.map((s) => s.message.messageId)).toEqual([original.messageId, `${original.messageId}~1`, `${original.messageId}~2`]);
    // The first send carried the ticket it had just written (a snapshot saves the stage a read); a republish cannot know it is current.
    const { snapshot: _snapshot, ...body } = original.body as Record<string, unknown>;
    expect(republished.map((s) => s.message.body)).toEqual([body, body, body]);
  });

  it('when the sweep sends rows, then it returns how many it sent', async () => {
    const ids = [await h.submit(mailIssue), await h.submit(mailIssue)];
    const sent = await sweepOutbox(later(OUTBOX_GRACE_MS + 5_000));
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(ids.map((id) => sentFor(id).length)).toEqual([2, 2]);
  });

  it('when a retry is scheduled for later, then it is not stuck and stays; once its time has passed the grace period, it goes with its schedule', async () => {
    const ticketId = await h.submit(mailIssue);
    const stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    const at = new Date(Date.now() + 10 * 60_000);
    const retry = { ...sentFor(ticketId)[0]!.message, messageId: 'retry-1', scheduledEnqueueTimeUtc: at };
    await h.deps.tickets.advance(stored, stored.ticket, 'retry scheduled', { queue: QUEUES.eligibility, message: retry });
    expect(await sweep(later(OUTBOX_GRACE_MS + 5_000), ticketId)).toBe(0);
    // Exactly a grace period past its time: owed now; a millisecond before, still the broker's to deliver.
    const clockAt = at.getTime() + OUTBOX_GRACE_MS;
    expect(await sweep({ ...h.deps, clock: { now: () => new Date(clockAt - 1) } }, ticketId)).toBe(0);
    expect(await sweep({ ...h.deps, clock: { now: () => new Date(clockAt) } }, ticketId)).toBe(1);
    const message = sentFor(ticketId).at(-1)!.message;
    expect(message.messageId).toBe('retry-1');
    expect(message.scheduledEnqueueTimeUtc).toEqual(at);
  });

  it('when the broker refuses one row, then the sweeper reports it and still sends the others', async () => {
    const refused = await h.submit(mailIssue);
    const fine = await h.submit(mailIssue);
    const failures: string[] = [];
    const bus: Bus = {
      ...h.deps.bus,
      send: async (queue, messages) => {
        if (messages.some((m) => (m.body as { ticketId?: string }).ticketId === refused)) throw new Error('broker busy');
        await h.deps.bus.send(queue, messages);
      },
    };
    await sweepOutbox(later(OUTBOX_GRACE_MS + 5_000, bus), OUTBOX_GRACE_MS, (ticketId) => failures.push(ticketId));
    expect(failures).toContain(refused);
    expect(failures).not.toContain(fine);
    expect(sentFor(fine)).toHaveLength(2);
    expect(sentFor(refused)).toHaveLength(1);
    // Still owed: the next sweep sends it under its own id (the failed attempt did not count as a sweep).
    expect(await sweep(later(OUTBOX_GRACE_MS + 5_000), refused)).toBe(1);
    expect(sentFor(refused).at(-1)!.message.messageId).toBe(sentFor(refused)[0]!.message.messageId);
  });
});
