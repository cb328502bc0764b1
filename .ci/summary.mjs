// Closing summary of `.ci/run` from vitest's JSON report: `tests: P passed, F failed, S skipped`, skipped tests by
// name, and failures that are not a failing test (a failed static check such as lint, a file whose beforeAll or import
// failed, the global setup, the build) counted too, so a red run can never print "0 failed".
// Usage: node .ci/summary.mjs <vitest-json> <vitest-exit-status> [failed check names…]
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, statusText, ...failedChecks] = process.argv.slice(2);
const status = Number(statusText);
const checkProblems = failedChecks.map((check) => `npm run ${check} failed; see its output above`);
if (!existsSync(file)) {
  if (checkProblems.length)
    console.log(`failed outside tests (${checkProblems.length}):\n${checkProblems.map((p) => `  - ${p}`).join('\n')}`);
  const failed = 1 + checkProblems.length;
  console.log(
    `tests: 0 passed, ${failed} failed, 0 skipped (no test ran: the build or the global setup failed, exit ${status}; see the log above)`,
  );
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const name = (path) => relative(process.cwd(), path);
let passed = 0;
const skipped = [];
const problems = [...checkProblems];
let failed = checkProblems.length;
for (const suite of report.testResults ?? []) {
  const tests = suite.assertionResults ?? [];
  for (const t of tests) {
    if (t.status === 'passed') passed++;
    else if (t.status === 'failed') failed++;
    else skipped.push(`${name(suite.name)} › ${t.fullName ?? t.title}`);
  }
  // A file can fail with no failing test: its beforeAll, its import or an error outside any test.
  if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
    failed++;
    const why = String(suite.message ?? '').split('\n')[0] || 'a beforeAll/afterAll hook or the file itself failed; see the log above';
    problems.push(`${name(suite.name)}: ${why}`);
  }
}
if (status !== 0 && failed === checkProblems.length) {
  failed = 1;
  problems.push(
    `the run exited ${status} without a failing test (an error outside the test files, e.g. the global setup); see the log above`,
  );
}
if (skipped.length) console.log(`skipped (${skipped.length}):\n${skipped.map((s) => `  - ${s}`).join('\n')}`);
if (problems.length) console.log(`failed outside tests (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
