import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { freePort } from '../../../shared/local-host/azurite.js';
import type { DemoCredentials } from '../../../shared/local-host/demo-setup.js';

const root = join(import.meta.dirname, '..', '..', '..');
export const compiledHost = join(root, 'dist', 'shared', 'local-host', 'main.js');
export const hostIsBuilt = existsSync(compiledHost);
const relayCli = join(root, 'bin', 'relay.js');
const run = promisify(execFile);

export type { DemoCredentials };

export interface LocalHost {
  child: ChildProcess;
  url: string;
  stateDir: string;
  /** What the host was started with, so the CLI can be pointed at the same storage. */
  env: Record<string, string>;
  /** Everything the host printed so far (stdout and stderr). */
  output(): string;
  credentials(): DemoCredentials;
  /** Runs the operator CLI (`bin/relay.js`) against this host's storage and keys, as an operator would; its stdout. */
  relay(...args: string[]): Promise<string>;
  stop(): void;
}

/**
 * The compiled local host exactly as `npm start` runs it, on a free port, the suite's Azurite and fresh tables.
 * `env` adds or overrides settings (another TABLES_CONNECTION, RELAY_ALLOW_LOCAL_CALLBACKS, …).
 */
export async function startLocalHost(extra: Record<string, string> = {}): Promise<LocalHost> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'relay-state-'));
  const env = {
    PORT: String(port),
    TABLES_CONNECTION: inject('tablesConnection'),
    RELAY_TABLE_PREFIX: `s${randomBytes(4).toString('hex')}`,
    RELAY_STATE_DIR: stateDir,
    ...extra,
  };
  const child = spawn(process.execPath, [compiledHost], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('is running on')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`local host did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    stateDir,
    env,
    output: () => output,
    credentials: () => JSON.parse(readFileSync(join(stateDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials,
    relay: async (...args) => (await run(process.execPath, [relayCli, ...args], { env: { ...process.env, ...env } })).stdout,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Polls `read` every 100 ms until `done` holds or `ms` pass; returns the last value read. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** `relay …` (bin/relay.js, compiled) against the host's storage and keys; resolves with its exit code and output. */
export function runCli(
  host: Pick<LocalHost, 'env'>,
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const { TABLES_CONNECTION, RELAY_TABLE_PREFIX, RELAY_STATE_DIR } = host.env;
  const child = spawn(process.execPath, [join(root, 'bin', 'relay.js'), ...args], {
    env: { ...process.env, TABLES_CONNECTION, RELAY_TABLE_PREFIX, RELAY_STATE_DIR, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
