// `npm run test:mutation [-- <scope> … ] [-- <stryker options>]`: StrykerJS over the modules where a silent change
// costs most, one scope at a time, each against the suites that exercise it (vitest.mutation.config.ts). The scopes
// share the committed incremental file, so on a clean clone only mutants whose code or covering tests changed are
// re-tested; a scope's run carries the others' results over, and the last run's report (reports/mutation/) holds all.
// Ends with the score per folder. RELIABILITY.md, "Mutation testing", has the last scores and run times.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const SCOPES = {
  domain: {
    tests: 'domain',
    mutate: ['shared/domain/**/*.ts', '!shared/domain/**/*.generated.ts', '!shared/domain/readiness/**', '!shared/domain/case.ts'],
  },
  // Readiness and the case are read by relay suites as well as the domain's unit tests.
  readiness: { tests: 'readiness', mutate: ['shared/domain/readiness/**/*.ts', 'shared/domain/case.ts'] },
  // Not the OpenAPI document's builders (stryker.config.mjs says why).
  http: { tests: 'http-unit', mutate: ['shared/http/**/*.ts', '!shared/http/openapi*.ts'] },
  webhooks: { tests: 'webhooks', mutate: ['shared/adapters/webhooks/**/*.ts'] },
  tools: { tests: 'tools', mutate: ['shared/adapters/tables/tool-registry.ts'] },
  tickets: { tests: 'tickets', mutate: ['shared/adapters/tables/ticket-store.ts'] },
  pipeline: { tests: 'pipeline', mutate: ['shared/pipeline/**/*.ts'] },
};

/** The folders issue 20 sets targets for, and those targets. */
const FOLDERS = [
  ['shared/domain/', 90],
  ['shared/http/', 90],
  ['shared/adapters/webhooks/', 80],
  ['shared/adapters/tables/ticket-store.ts', 80],
  ['shared/adapters/tables/tool-registry.ts', 80],
  ['shared/pipeline/', 80],
];
const REPORT = 'reports/mutation/mutation.json';

// Scopes first, then Stryker's own options: `npm run test:mutation -- tickets pipeline --concurrency 2`.
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const named = firstOption === -1 ? args : args.slice(0, firstOption);
const passThrough = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = named.filter((a) => !(a in SCOPES));
if (unknown.length) {
  console.error(`unknown scope ${unknown.join(', ')}; scopes: ${Object.keys(SCOPES).join(', ')}`);
  process.exit(2);
}

for (const name of named.length ? named : Object.keys(SCOPES)) {
  const { tests, mutate } = SCOPES[name];
  console.log(`\n== ${name}: ${mutate.join(', ')} (tests: ${tests})`);
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', mutate.join(','), ...passThrough], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_TESTS: tests },
  });
  if (run.status !== 0) {
    console.error(`${name}: stryker exited with ${run.status ?? run.signal}`);
    process.exit(1);
  }
  console.log(`== ${name}: ${Math.round((Date.now() - started) / 1000)} s`);
}

if (existsSync(REPORT)) {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  console.log('\nScore per folder (detected ÷ detected + survived + no coverage; compile errors and static mutants not counted):');
  for (const [folder, target] of FOLDERS) {
    const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
    for (const [file, { mutants }] of Object.entries(report.files)) {
      if (!file.replaceAll('\\', '/').startsWith(folder)) continue;
      for (const m of mutants) if (m.status in count) count[m.status]++;
    }
    const detected = count.Killed + count.Timeout;
    const counted = detected + count.Survived + count.NoCoverage;
    const score = counted ? ((100 * detected) / counted).toFixed(1) : '–';
    console.log(
      `  ${folder.padEnd(42)} ${String(score).padStart(5)} %  (target ${target} %; killed ${count.Killed}, timed out ${count.Timeout}, survived ${count.Survived}, no coverage ${count.NoCoverage})`,
    );
  }
  console.log(`Report: reports/mutation/index.html`);
}
