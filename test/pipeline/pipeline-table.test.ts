import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { canTransition, IllegalTransitionError, type Stage, type TicketStatus } from '../../shared/domain/ticket.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { checkStep, PIPELINE, PipelineTableError } from '../../shared/pipeline/pipeline.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';
import { mailIssue } from './mail-issue.js';

/**
 * The pipeline table (shared/pipeline/pipeline.ts) is the one definition of the path of a ticket: these tests fail
 * when a stage sends a ticket somewhere its row does not name, or when a write breaks the ticket's lifecycle.
 */
describe('the pipeline table', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct, callbackUrl: 'https://tool.example/outcomes' });
  });
  afterEach(() => vi.restoreAllMocks());

  it('when a ticket takes the documented path, then every step fits its row', () => {
    // The lifecycle as the status API documents it: received → checked → routed (or held) → recorded (or failed) → notified.
    const path: [Stage, TicketStatus, TicketStatus, string][] = [
      ['eligibility', 'received', 'checked', 'routing'],
      ['routing', 'checked', 'routed', 'recording'],
      ['routing', 'checked', 'held', 'notifications'],
      ['recording', 'routed', 'recorded', 'notifications'],
      ['recording', 'routed', 'failed', 'notifications'],
      ['notifications', 'recorded', 'notified', 'done'],
      ['notifications', 'closed', 'closed', 'done'],
    ];
    for (const [stage, from, to, nextStage] of path) {
      expect(() => checkStep(stage, { status: from }, { status: to, nextStage: nextStage as 'done' })).not.toThrow();
    }
  });

  it.each([
    ['eligibility', 'received', 'checked', 'recording', 'send a ticket on to recording'],
    ['eligibility', 'received', 'recorded', 'routing', 'move a ticket from received to recorded'],
    ['routing', 'checked', 'notified', 'done', 'move a ticket from checked to notified'],
    ['notifications', 'recorded', 'notified', 'eligibility', 'send a ticket on to eligibility'],
  ] as const)('when %s would write %s → %s and send it to %s, then the step is refused', (stage, from, to, nextStage, what) => {
    const refused = (() => {
      try {
        checkStep(stage, { status: from }, { status: to, nextStage });
      } catch (error) {
        return error;
      }
    })();
    // What an operator reads in the dead letter or the log: the stage, the step, and where the rows live.
    expect(refused).toBeInstanceOf(PipelineTableError);
    expect(refused).toMatchObject({ name: 'PipelineTableError', message: `${stage} may not ${what} (shared/pipeline/pipeline.ts)` });
  });

  it('when a stage use case names a successor outside its row, then nothing is written and nothing is sent', async () => {
    const ticketId = await h.submit(mailIssue);
    const before = await h.deps.tickets.get(DEMO.direct, ticketId);
    const sentBefore = h.sent.length;
    const real = PIPELINE.eligibility.decide;
    vi.spyOn(PIPELINE.eligibility, 'decide').mockImplementation(async (...args) => {
      const outcome = (await real(...args))!;
      return { ...outcome, ticket: { ...outcome.ticket, nextStage: 'notifications' } };
    });
    await expect(h.runStage(ticketId, 'eligibility')).rejects.toBeInstanceOf(PipelineTableError);
    expect(await h.deps.tickets.get(DEMO.direct, ticketId)).toEqual(before);
    expect(h.sent.length).toBe(sentBefore);
    // Positive control: the same message with the real use case advances the ticket.
    vi.restoreAllMocks();
    expect(await h.runStage(ticketId, 'eligibility')).toBe('advanced');
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status).toBe('checked');
  });

  it('when any writer would store a status change outside the lifecycle, then the store refuses it and keeps the ticket', async () => {
    const ticketId = await h.submit(mailIssue);
    const stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    await expect(h.deps.tickets.advance(stored, { ...stored.ticket, status: 'notified' }, 'skip ahead', null)).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
    await expect(h.deps.tickets.save(stored, { ...stored.ticket, status: 'closed' })).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await h.deps.tickets.get(DEMO.direct, ticketId)).toEqual(stored);
    const checked = await h.deps.tickets.advance(stored, { ...stored.ticket, status: 'checked', nextStage: 'routing' }, 'checked', null);
    expect(checked.version).toBe(stored.version + 1);
  });

  it('when the rows are read, then every move they allow is one the ticket lifecycle allows', () => {
    const moves = Object.values(PIPELINE).flatMap((row) => row.moves.map((m) => m.split('>') as [TicketStatus, TicketStatus]));
    expect(moves.filter(([from, to]) => !canTransition(from, to))).toEqual([]);
  });
});
