import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { projectRoot } from '../../shared/local-host/local-settings.js';
import { median, round } from '../support/stats.js';

const run = promisify(execFile);

export interface ColdStartFigure {
  runs: number;
  /** Milliseconds from process start until every module is imported (median). */
  appMs: number;
  baselineMs: number;
  appSamples: number[];
  baselineSamples: number[];
  functionFiles: number;
  /** app ÷ hello world; the target is ≤ 1.5. */
  coldStartRatio: number;
  bundle: string;
}

/**
 * A fresh `node` per sample imports the function app as Azure's host does with package.json `main` (the bundle
 * dist/app/index.js) or the hello-world app, then reports performance.now(): process start to
 * "all registered", Node's own boot included in both. Samples alternate so drift on a busy machine hits both alike.
 */
export async function measureColdStart(runs: number): Promise<ColdStartFigure> {
  // What Azure loads: package.json `main`, the bundle of every function file (scripts/bundle.mjs).
  const files = [pathToFileURL(join(projectRoot(), 'dist', 'app', 'index.js')).href];
  const functionFiles = readdirSync(join(projectRoot(), 'dist', 'functions')).filter((f) => f.endsWith('.js')).length;
  const hello = [pathToFileURL(fileURLToPath(new URL('../fixtures/hello-app.js', import.meta.url))).href];
  const appSamples: number[] = [];
  const baselineSamples: number[] = [];
  await importTime(hello); // the first spawn pays for the OS file cache; neither side should
  for (let i = 0; i < runs; i++) {
    appSamples.push(await importTime(files));
    baselineSamples.push(await importTime(hello));
  }
  const appMs = median(appSamples);
  const baselineMs = median(baselineSamples);
  return {
    runs,
    appMs: round(appMs, 1),
    baselineMs: round(baselineMs, 1),
    appSamples: appSamples.map((s) => round(s, 1)),
    baselineSamples: baselineSamples.map((s) => round(s, 1)),
    functionFiles,
    coldStartRatio: round(appMs / baselineMs, 3),
    bundle: 'dist/app/index.js (esbuild, scripts/bundle.mjs)',
  };
}

async function importTime(urls: string[]): Promise<number> {
  const code = `for (const u of ${JSON.stringify(urls)}) await import(u); process.stdout.write('\\n' + JSON.stringify({ ms: performance.now() }) + '\\n'); process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: projectRoot(), timeout: 60_000 });
  const line = stdout.trim().split('\n').pop() ?? '';
  return (JSON.parse(line) as { ms: number }).ms;
}
