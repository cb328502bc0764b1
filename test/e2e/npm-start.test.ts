import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../shared/local-host/azurite.js';

const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'dist', 'shared', 'local-host', 'main.js');

/** Black box: the compiled local host exactly as `npm start` runs it, on a free port and the suite's Azurite. */
describe.skipIf(!existsSync(main))('npm start (compiled local host; skipped when dist/ is missing: run `npm run build`)', () => {
  let child: ChildProcess;
  let url: string;
  let output = '';
  const stateDir = mkdtempSync(join(tmpdir(), 'relay-state-'));

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: String(port), TABLES_CONNECTION: inject('tablesConnection'), RELAY_TABLE_PREFIX: `s${randomBytes(4).toString('hex')}`, RELAY_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('is running on')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`local host did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('when started, then it prints the demo credentials and a curl command, and writes them to the state folder', () => {
    const creds = JSON.parse(readFileSync(join(stateDir, 'demo-credentials.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(creds)).toEqual(expect.arrayContaining(['toolId', 'partnerTenantId', 'apiKey', 'signingSecret', 'adminKey']));
    expect(output).toContain(`curl -s -X POST ${url}/api/v1/service-requests`);
    expect(output).toContain(creds.apiKey);
  });

  it('when the printed request is submitted, then the ticket reaches notified within 5 s and the demo receiver got a valid signature', async () => {
    const creds = JSON.parse(readFileSync(join(stateDir, 'demo-credentials.json'), 'utf8')) as { apiKey: string };
    const body = /-d '(\{.*\})'/.exec(output)![1]!;
    const res = await fetch(`${url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'demo-black-box' },
      body,
    });
    expect(res.status).toBe(202);
    const { statusUrl, ticketId } = (await res.json()) as { statusUrl: string; ticketId: string };
    let status = '';
    const deadline = Date.now() + 5_000;
    while (status !== 'notified' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = ((await (await fetch(`${url}${statusUrl}`, { headers: { authorization: `Bearer ${creds.apiKey}` } })).json()) as { status: string }).status;
    }
    expect(status).toBe('notified');
    const received = (await (await fetch(`${url}/demo/receiver`)).json()) as { ticketId: string; verified: boolean; type: string }[];
    expect(received).toContainEqual(expect.objectContaining({ ticketId, verified: true, type: 'ticket.recorded' }));
  });

  it('when Ctrl-C is pressed, then it stops cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
