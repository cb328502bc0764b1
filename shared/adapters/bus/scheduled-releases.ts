import type { EmbeddedQueue } from './embedded-queue.js';
import type { ResolvedBrokerOptions } from './embedded-options.js';

// setTimeout overflows above 2^31-1 ms (~24.8 days); a longer wait is done in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One timer per queue, armed for its earliest scheduled message, so nothing polls. */
export class ScheduledReleases {
  private readonly armed = new Map<EmbeddedQueue, { firesAt: number; handle: unknown }>();

  constructor(
    private readonly options: Pick<ResolvedBrokerOptions, 'now' | 'timers'>,
    private readonly onDue: (queue: EmbeddedQueue) => void,
  ) {}

  /** Call after scheduling a message: (re)arms the queue's timer if that message is now the earliest. */
  arm(queue: EmbeddedQueue): void {
    const next = queue.scheduled.peek();
    const current = this.armed.get(queue);
    if (!next || (current && current.firesAt <= next.visibleAt)) return;
    if (current) this.options.timers.clearTimeout(current.handle);
    const now = this.options.now();
    const delay = Math.min(Math.max(0, next.visibleAt - now), MAX_TIMER_MS);
    const handle = this.options.timers.setTimeout(() => {
      this.armed.delete(queue);
      queue.promoteDue(this.options.now());
      this.onDue(queue);
      this.arm(queue);
    }, delay);
    this.armed.set(queue, { firesAt: now + delay, handle });
  }

  clear(): void {
    for (const { handle } of this.armed.values()) this.options.timers.clearTimeout(handle);
    this.armed.clear();
  }
}
