// Merges Stryker incremental files (mutation-testing-report-schema 1.0) into one:
//   node scripts/merge-mutation-results.mjs <out.json> <older.json> … <newer.json>
// Two Stryker runs at once each need their own incremental file (RELIABILITY.md, "Mutation testing"); the committed
// test/mutation/stryker-incremental.json is their union, so a later run reuses every result. Later inputs win: per
// mutated source file the newest run's mutants, per test file the newest source. A test is its file and full name;
// ids are renumbered into one sequence because each run numbers its own from 0.
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: node scripts/merge-mutation-results.mjs <out.json> <older.json> … <newer.json>');
  process.exit(2);
}

const reports = inputs.map((path) => ({ path, report: JSON.parse(readFileSync(path, 'utf8')) }));
const testKey = (file, name) => `${file}\u0000${name}`;

// Test files: newest source; tests by name, a newer run's entry replacing an older one's.
const testFiles = new Map();
for (const { report } of reports) {
  for (const [file, entry] of Object.entries(report.testFiles ?? {})) {
    const known = testFiles.get(file) ?? { source: entry.source, tests: new Map() };
    known.source = entry.source;
    for (const test of entry.tests) known.tests.set(test.name, test);
    testFiles.set(file, known);
  }
}
const newId = new Map();
let nextTest = 0;
const mergedTestFiles = {};
for (const [file, { source, tests }] of [...testFiles].sort(([a], [b]) => (a < b ? -1 : 1))) {
  mergedTestFiles[file] = {
    source,
    tests: [...tests.values()].map((test) => {
      const id = String(nextTest++);
      newId.set(testKey(file, test.name), id);
      return { ...test, id };
    }),
  };
}

// Source files: the newest run that mutated each one; its test ids mapped to the merged ones.
const files = {};
let nextMutant = 0;
for (const { path, report } of reports) {
  const nameOf = new Map();
  for (const [file, entry] of Object.entries(report.testFiles ?? {}))
    for (const test of entry.tests) nameOf.set(test.id, testKey(file, test.name));
  const mapIds = (ids) =>
    ids?.map((id) => {
      const merged = newId.get(nameOf.get(id));
      if (merged === undefined) throw new Error(`${path}: test id ${id} is not in its testFiles`);
      return merged;
    });
  for (const [file, entry] of Object.entries(report.files)) {
    files[file] = {
      ...entry,
      mutants: entry.mutants.map((m) => ({
        ...m,
        ...(m.coveredBy ? { coveredBy: mapIds(m.coveredBy) } : {}),
        ...(m.killedBy ? { killedBy: mapIds(m.killedBy) } : {}),
      })),
    };
  }
}
for (const entry of Object.values(files)) for (const m of entry.mutants) m.id = String(nextMutant++);

const newest = reports.at(-1).report;
const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(out, `${JSON.stringify({ ...newest, files: sorted, testFiles: mergedTestFiles }, null, 2)}\n`);
console.log(`${out}: ${Object.keys(sorted).length} source files, ${nextMutant} mutants, ${nextTest} tests from ${inputs.length} runs`);
