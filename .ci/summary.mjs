// Closing summary of `.ci/run` from vitest's JSON report: `tests: P passed, F failed, S skipped`, skipped tests by
// name, and failures that are not a failing test (a file whose beforeAll or import failed, the global setup, the build)
// counted too, so a red run can never print "0 failed".
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, statusText] = process.argv.slice(2);
const status = Number(statusText);
if (!existsSync(file)) {
  console.log(`tests: 0 passed, 1 failed, 0 skipped (no test ran: the build or the global setup failed, exit ${status}; see the log above)`);
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const name = (path) => relative(process.cwd(), path);
let passed = 0;
let failed = 0;
const skipped = [];
const problems = [];
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
if (status !== 0 && failed === 0) {
  failed = 1;
  problems.push(`the run exited ${status} without a failing test (an error outside the test files, e.g. the global setup); see the log above`);
}
if (skipped.length) console.log(`skipped (${skipped.length}):\n${skipped.map((s) => `  - ${s}`).join('\n')}`);
if (problems.length) console.log(`failed outside tests (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
