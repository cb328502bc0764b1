import type { NextStage, Stage, Ticket, TicketStatus } from '../domain/ticket.js';
import type { Deps } from './deps.js';
import { QUEUES, type QueueName } from '../queues.js';
import { decideEligibility } from './eligibility-stage.js';
import { decideNotifications } from './notification-stage.js';
import { decideRecording, filesWithAzure } from './recording-stage.js';
import { decideRouting } from './routing-stage.js';
import type { Decide } from './step.js';

/** A status change a stage may write, `from>to`; keeping the status as it is is always allowed. */
export type Move = `${TicketStatus}>${TicketStatus}`;

export interface StageRow {
  /** The Service Bus queue the stage's function listens on (infra/app/servicebus.bicep declares each one). */
  queue: QueueName;
  /** The use case: what this stage decides for one ticket. */
  decide: Decide;
  /** Where the ticket may wait next; `done` when nothing more is owed. */
  next: readonly NextStage[];
  moves: readonly Move[];
  /**
   * True when this stage has nothing to call outside for the ticket: the stage before runs it in its own write
   * (one round trip and one message fewer). Its checks still apply, and its history row is written as usual.
   */
  inline?: (deps: Pick<Deps, 'supportApi'>, ticket: Ticket) => boolean;
  /**
   * The stage makes a call that must not happen twice (a webhook POST): it claims the ticket with a conditional
   * write first, so a second copy of the message handled at the same time waits instead of calling too.
   */
  claims?: boolean;
}

/**
 * A stage's use case, looked up when called. The stages import this table (stage → envelope → pipeline) and it imports
 * them: when a process loads a stage module first, that stage is not defined yet while this table is built.
 */
function late(decide: () => Decide): Decide {
  return (...args) => decide()(...args);
}

/**
 * The pipeline, in one place: read it top to bottom for the path of a ticket. The stage functions, the queue a
 * message goes to, the outbox row and the checks on every step are derived from these rows; adding a stage means a
 * row here, its use case and its queue in the Bicep.
 */
export const PIPELINE: Readonly<Record<Stage, StageRow>> = {
  eligibility: { queue: QUEUES.eligibility, decide: late(() => decideEligibility), next: ['routing'], moves: ['received>checked'] },
  routing: {
    queue: QUEUES.routing,
    decide: late(() => decideRouting),
    next: ['recording', 'notifications', 'done'],
    moves: ['checked>routed', 'checked>held'],
  },
  recording: {
    queue: QUEUES.recording,
    decide: late(() => decideRecording),
    next: ['notifications', 'done'],
    moves: ['routed>recorded', 'routed>failed'],
    inline: (deps, ticket) => !filesWithAzure(deps, ticket),
  },
  notifications: {
    queue: QUEUES.notifications,
    decide: late(() => decideNotifications),
    next: ['notifications', 'done'],
    moves: ['recorded>notified'],
    claims: true,
  },
};

/** A stage wrote something its row does not allow: a bug, never retried into storage. */
export class PipelineTableError extends Error {
  constructor(stage: Stage, what: string) {
    super(`${stage} may not ${what} (shared/pipeline/pipeline.ts)`);
    this.name = 'PipelineTableError';
  }
}

/** Throws unless the row allows this step: the successor named, and the status change. */
export function checkStep(stage: Stage, from: { status: TicketStatus }, to: { status: TicketStatus; nextStage: NextStage }): void {
  const row = PIPELINE[stage];
  if (!row.next.includes(to.nextStage)) throw new PipelineTableError(stage, `send a ticket on to ${to.nextStage}`);
  if (from.status !== to.status && !row.moves.includes(`${from.status}>${to.status}`)) {
    throw new PipelineTableError(stage, `move a ticket from ${from.status} to ${to.status}`);
  }
}
