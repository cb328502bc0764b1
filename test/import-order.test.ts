import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

/**
 * Outside test/pipeline on purpose: it re-imports every module inside a test, which would make the mutation run count
 * module-level code as covered by it (vitest.mutation.config.ts).
 *
 * The stage modules and the pipeline table import each other (a stage → envelope → pipeline → every stage). Whichever
 * module a process loads first, the table must end up holding every stage's use case: a Functions host loads the
 * function files in an order of its own, and a CLI command or a test may start from any use case.
 */
const modules = readdirSync(new URL('../shared/pipeline/', import.meta.url)).filter((f) => f.endsWith('.ts'));

describe('pipeline table, whatever is imported first', () => {
  it.each(modules)('when %s is the first pipeline module loaded, then every stage row has its use case', async (file) => {
    vi.resetModules();
    await import(/* @vite-ignore */ `../shared/pipeline/${file.replace(/\.ts$/, '.js')}`);
    const { PIPELINE } = await import('../shared/pipeline/pipeline.js');
    const missing = Object.entries(PIPELINE)
      .filter(([, row]) => typeof row.decide !== 'function')
      .map(([stage]) => stage);
    expect(missing).toEqual([]);
  });
});
