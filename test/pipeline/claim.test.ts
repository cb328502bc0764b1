import { beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { CLAIM_MS, claimTicket } from '../../shared/pipeline/claim.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import { pipelineHarness, withTickets, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * A stage that makes an outside call (a webhook POST, an Azure filing) claims the ticket first, so that two copies of
 * one message never both make it: a live claim of another handler sends the copy away, an expired one (its handler
 * stopped) is taken over, and a lost race means re-read.
 */
describe('claiming a ticket for an outside call', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });
  const at = (ms: number): Deps => ({ ...h.deps, clock: { now: () => new Date(ms) } });
  const ticket = async () => (await h.deps.tickets.get(DEMO.direct, await h.submit(mailIssue)))!;

  it("when another handler's claim is live, then the copy is sent away; once it has expired, the copy takes over", async () => {
    const stored = await ticket();
    const t0 = Date.parse('2026-12-02T08:00:00.000Z');
    const first = await claimTicket(at(t0), 'notifications', stored, 'handler-1');
    if (typeof first === 'string') throw new Error(`expected a claim, got ${first}`);
    expect(first.ticket.claim).toEqual({ stage: 'notifications', until: new Date(t0 + CLAIM_MS).toISOString(), by: 'handler-1' });
    expect(await claimTicket(at(t0 + CLAIM_MS - 1), 'notifications', first, 'handler-2')).toBe('held');
    const taken = await claimTicket(at(t0 + CLAIM_MS), 'notifications', first, 'handler-2');
    expect(typeof taken === 'string' ? taken : taken.ticket.claim?.by).toBe('handler-2');
  });

  it('when the ticket changed since it was read, then the claim reports a lost race (re-read), and the claim is ours again after a re-read', async () => {
    const stored = await ticket();
    await h.deps.tickets.save(stored, { ...stored.ticket, routedAt: new Date().toISOString() });
    expect(await claimTicket(h.deps, 'notifications', stored, 'handler-1')).toBe('stale');
    const again = await claimTicket(h.deps, 'notifications', (await h.deps.tickets.get(DEMO.direct, stored.ticket.ticketId))!, 'handler-1');
    expect(typeof again === 'string' ? again : again.ticket.claim?.by).toBe('handler-1');
  });

  it('when storage fails, then the error is passed on (the message is retried), not mistaken for a lost race', async () => {
    const stored = await ticket();
    const failing = withTickets(h.deps, { save: () => Promise.reject(new Error('storage unavailable')) });
    await expect(claimTicket(failing, 'notifications', stored, 'handler-1')).rejects.toThrow('storage unavailable');
  });
});
