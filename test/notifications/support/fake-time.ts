import type { BrokerTimers } from '../../../shared/adapters/bus/embedded-options.js';
import type { Clock } from '../../../shared/ports/clock.js';

/**
 * One fake clock for the relay (deps.clock) and its embedded broker (now + timers), so scheduled retries become
 * due when the test says so. Nothing fires on its own: `advanceTo` runs due timers in time order.
 */
export class FakeTime {
  private ms: number;
  private nextHandle = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  constructor(start: Date) {
    this.ms = start.getTime();
  }

  readonly now = (): number => this.ms;
  readonly clock: Clock = { now: () => new Date(this.ms) };
  readonly timers: BrokerTimers = {
    setTimeout: (callback, delayMs) => {
      const handle = this.nextHandle++;
      this.pending.set(handle, { at: this.ms + delayMs, callback });
      return handle;
    },
    clearTimeout: (handle) => void this.pending.delete(handle as number),
  };

  advanceTo(at: Date | number): void {
    const target = typeof at === 'number' ? at : at.getTime();
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.ms = Math.max(this.ms, due[1].at);
      due[1].callback();
    }
    this.ms = Math.max(this.ms, target);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.ms + ms);
  }
}
