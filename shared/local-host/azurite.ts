import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';

import { tablesConnectionString } from '../adapters/tables/dev-storage.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface AzuriteProcess {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's table service. `location` keeps data on disk (npm start); without it data lives in memory (tests).
 * Telemetry is always off: the machine may have no internet and the relay must not phone home.
 */
export async function startAzurite(options: { port?: number; location?: string } = {}): Promise<AzuriteProcess> {
  const port = options.port ?? (await freePort());
  const require = createRequire(import.meta.url);
  const entry = require.resolve('azurite/dist/src/table/main.js');
  // --silent: no access log, which costs time per request and would pile up in `output` for the whole run.
  const args = [
    entry,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(port),
    '--disableTelemetry',
    '--silent',
    '--skipApiVersionCheck',
    '--loose',
  ];
  args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the tail is kept, for the error message if Azurite fails to start.
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 30_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null) throw new Error(`Azurite exited (code ${child.exitCode}): ${output.slice(-500)}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`Azurite did not listen on ${port} within 30 s: ${output.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    connectionString: tablesConnectionString(port),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGINT is Azurite's graceful stop: it saves its --location data first (SIGTERM drops up to 5 s of writes).
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
