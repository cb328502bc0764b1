// @ts-check
/**
 * Mutation testing (issue 20): `npm run test:mutation`, not part of `npm test`. One folder at a time keeps a run
 * bounded on a small machine: `npm run test:mutation -- --mutate 'shared/http/**'`. Scores and equivalent mutants:
 * RELIABILITY.md, "Mutation testing".
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  // Where a silent change costs most: the rules, the HTTP guards, webhook signing and SSRF, the partner-keyed
  // ticket store, tool credentials and the pipeline stages.
  mutate: [
    'shared/domain/**/*.ts',
    // Generated data, checked against its source by its own test (which a mutated copy would fail).
    '!shared/domain/**/*.generated.ts',
    'shared/http/**/*.ts',
    // The builders of the published OpenAPI document: one generated artefact, checked whole (test/contract/openapi.test.ts
    // regenerates docs/openapi.json and requires it byte-identical; Redocly lints it). Their ~1,000 mutants are almost
    // all static, and type-checking the rest one by one takes the best part of an hour for that one comparison.
    '!shared/http/openapi*.ts',
    'shared/adapters/webhooks/**/*.ts',
    'shared/adapters/tables/ticket-store.ts',
    'shared/adapters/tables/tool-registry.ts',
    'shared/pipeline/**/*.ts',
  ],
  testRunner: 'vitest',
  // Only the suites that exercise those modules, not the fault run, fuzzing or the compiled-host tests.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // Each mutant runs only the tests that reached it in the dry run.
  coverageAnalysis: 'perTest',
  // A mutant reached only while modules load (a module-level constant, a schema) would rerun every test, about
  // 90 s each; the http folder alone had 180. They are reported as Ignored and counted in RELIABILITY.md. Mutants
  // reached both at load and by a test ("hybrid") still run against those tests.
  ignoreStatic: true,
  checkers: ['typescript'],
  // Vitest strips types without checking them, so the sandbox needs no `// @ts-nocheck` banners; Stryker's default
  // adds one to every TypeScript file, which the generated roles table's own freshness test rightly refuses.
  disableTypeChecks: false,
  tsconfigFile: 'tsconfig.json',
  // A re-run re-tests only mutants whose code or covering tests changed (see RELIABILITY.md for why the file is committed).
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  // Two cores shared with other work: one mutant at a time unless `--concurrency 2` is given.
  concurrency: 1,
  // In-process relays start a host, Azurite tables and a broker per file; allow for a loaded machine.
  timeoutMS: 15_000,
  // The JSON report is what `npm run test:mutation` reads for its score per folder.
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['dist', '.stryker-tmp*', 'reports', '.azurite', '.relay', 'coverage', 'bench/results', '*.log'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
