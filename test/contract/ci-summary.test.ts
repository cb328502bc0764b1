import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './bicep.js';

/** `.ci/run`'s closing line: a failed static check (lint, typecheck, OpenAPI lint) is a failure even when every test passed. */
const summary = (report: object | null, status: number, ...failedChecks: string[]) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ci-summary-')), 'results.json');
  if (report) writeFileSync(file, JSON.stringify(report));
  return execFileSync('node', ['.ci/summary.mjs', file, String(status), ...failedChecks], { cwd: repoRoot, encoding: 'utf8' });
};
const green = { testResults: [{ name: join(repoRoot, 'test/a.test.ts'), status: 'passed', assertionResults: [{ status: 'passed' }] }] };

describe('.ci/summary.mjs', () => {
  it('when every test passed but lint failed, then the closing line counts one failure and names the check', () => {
    const out = summary(green, 0, 'lint');
    expect(out).toContain('npm run lint failed');
    expect(out.trim().split('\n').at(-1)).toBe('tests: 1 passed, 1 failed, 0 skipped');
  });

  it('when no test ran and typecheck failed too, then both count', () => {
    expect(summary(null, 1, 'typecheck').trim().split('\n').at(-1)).toMatch(/^tests: 0 passed, 2 failed, 0 skipped/);
  });

  it('when all checks and tests passed, then nothing failed (positive control)', () => {
    expect(summary(green, 0).trim()).toBe('tests: 1 passed, 0 failed, 0 skipped');
  });
});
