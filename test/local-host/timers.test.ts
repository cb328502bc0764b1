import { describe, expect, it } from 'vitest';
import { startTimers } from '../../shared/local-host/triggers.js';
import type { FunctionDefinition } from '../../shared/registry.js';

describe('local host timers', () => {
  it('when a timer is due, then its handler runs with a real context; a run still going is skipped, not doubled; stop ends it', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const names: string[] = [];
    const def: FunctionDefinition = {
      kind: 'timer',
      name: 'every-second',
      schedule: '* * * * * *',
      handler: async (_timer, context) => {
        runs++;
        names.push(context.functionName);
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await new Promise((r) => setTimeout(r, 1_500)); // longer than the period
        concurrent--;
      },
    };
    const timers = startTimers([def], () => undefined);
    const deadline = Date.now() + 5_000;
    while (runs < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    timers.stop();
    const atStop = runs;
    await new Promise((r) => setTimeout(r, 1_600));
    expect(atStop).toBeGreaterThanOrEqual(2);
    expect(maxConcurrent).toBe(1);
    expect(names.every((n) => n === 'every-second')).toBe(true);
    expect(runs).toBe(atStop);
  });
});
