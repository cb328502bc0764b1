import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests Stryker runs for each mutant: those that exercise the mutated modules. Left out on purpose: the
 * compiled-host black-box tests (they run dist/, which Stryker does not mutate), the reliability runs (a
 * 2,000-submission fault run, fuzzing and soak cost minutes per mutant and re-prove what the tests below pin), bus,
 * Microsoft and infra contracts.
 *
 * MUTATION_TESTS=domain narrows it to the domain's unit tests: the domain is pure, its unit tests are its
 * specification, and a run over its ~2,000 mutants then takes minutes instead of hours (RELIABILITY.md).
 */
const SUITES = {
  domain: ['test/domain/**/*.test.ts'],
  all: [
    'test/domain/**/*.test.ts',
    'test/adapters/webhooks/**/*.test.ts',
    'test/adapters/tables/**/*.test.ts',
    'test/pipeline/**/*.test.ts',
    'test/notifications/**/*.test.ts',
    'test/cli/tools.test.ts',
    'test/contract/openapi.test.ts',
    'test/e2e/bad-input.test.ts',
    'test/e2e/list.test.ts',
    'test/e2e/pipeline.test.ts',
    'test/e2e/health.test.ts',
    'test/e2e/queue-intake.test.ts',
    'test/reliability/concurrency.test.ts',
    'test/reliability/isolation.test.ts',
  ],
};

const suite = process.env.MUTATION_TESTS ?? 'all';
if (!(suite in SUITES)) throw new Error(`MUTATION_TESTS must be one of ${Object.keys(SUITES).join(', ')}, got "${suite}"`);

export default defineConfig({
  test: {
    // The same global setup (one Azurite on a free port), timeouts and pool as `npm test`; only the files differ.
    ...base.test,
    include: SUITES[suite as keyof typeof SUITES],
  },
});
