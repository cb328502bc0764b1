import { beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import { runRelease, type ReleaseMessage } from '../../shared/pipeline/release-held.js';
import type { OutgoingMessage } from '../../shared/ports/bus.js';
import type { HeldTicketRef } from '../../shared/ports/health-store.js';
import { QUEUES } from '../../shared/queues.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';

/**
 * Planning an incident's release (README "Releases are queued work"): thousands of held tickets become one message per batch of
 * 100, sent at most 50 to a send (Service Bus takes at most 100 messages and 256 KB per send), each named so that a
 * plan sent twice collapses in duplicate detection.
 */
describe('incident release plan', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
  });

  function planner(heldCount: number) {
    const held: HeldTicketRef[] = Array.from({ length: heldCount }, (_, i) => ({
      partnerTenantId: DEMO.direct,
      ticketId: `T-${String(i).padStart(5, '0')}`,
    }));
    const sends: { queue: string; messages: OutgoingMessage[] }[] = [];
    const deps: Deps = {
      ...h.deps,
      health: { ...h.deps.health, heldBy: async () => held },
      bus: { ...h.deps.bus, send: async (queue, messages) => void sends.push({ queue, messages }) },
    };
    return { deps, held, sends };
  }
  const plan = { v: 1, type: 'incident.release', incidentId: 'EX123456', round: '2026-12-02T07:00:00.000Z' };

  it('when 5,001 tickets are held, then 51 batches of at most 100 go out in two sends of 50 and 1, every ticket once', async () => {
    const { deps, held, sends } = planner(5001);
    expect(await runRelease(deps, plan)).toEqual({ planned: 51, released: 0 });
    expect(sends.map((s) => [s.queue, s.messages.length])).toEqual([
      [QUEUES.incidentReleases, 50],
      [QUEUES.incidentReleases, 1],
    ]);
    const batches = sends.flatMap((s) => s.messages.map((m) => m.body as ReleaseMessage));
    expect(batches.map((b) => b.tickets!.length)).toEqual([...Array<number>(50).fill(100), 1]);
    expect(batches.flatMap((b) => b.tickets)).toEqual(held);
    const ids = sends.flatMap((s) => s.messages.map((m) => m.messageId));
    expect(ids[0]).toBe(`release:EX123456:${plan.round}:T-00000`);
    expect(ids[50]).toBe(`release:EX123456:${plan.round}:T-05000`);
  });

  it('when exactly 100 tickets are held, then one batch holds them all', async () => {
    const { deps, sends } = planner(100);
    expect(await runRelease(deps, plan)).toEqual({ planned: 1, released: 0 });
    expect(sends.flatMap((s) => s.messages).map((m) => (m.body as ReleaseMessage).tickets!.length)).toEqual([100]);
  });

  it('when nothing is held any more, then nothing is sent', async () => {
    const { deps, sends } = planner(0);
    expect(await runRelease(deps, plan)).toEqual({ planned: 0, released: 0 });
    expect(sends).toEqual([]);
  });
});
