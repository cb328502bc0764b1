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

  it('when an incident snapshot is pushed, then a matching request is held; when it resolves, the ticket closes and the tool hears of it', async () => {
    const creds = JSON.parse(readFileSync(join(stateDir, 'demo-credentials.json'), 'utf8')) as { apiKey: string; adminKey: string };
    const snapshot = (isResolved: boolean) => ({
      source: 'manual',
      capturedAt: new Date().toISOString(),
      services: [{ workload: 'office365', service: 'Microsoft Teams', status: isResolved ? 'serviceOperational' : 'serviceDegradation' }],
      issues: [{ id: 'TM123456', workload: 'office365', service: 'Microsoft Teams', classification: 'incident', status: isResolved ? 'serviceRestored' : 'serviceDegradation', title: 'Users cannot join meetings', startDateTime: new Date(Date.now() - 600_000).toISOString(), isResolved }],
    });
    const push = (isResolved: boolean) =>
      fetch(`${url}/api/v1/service-health`, { method: 'POST', headers: { authorization: `Bearer ${creds.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(snapshot(isResolved)) });
    expect((await push(false)).status).toBe(200);
    const submitted = await fetch(`${url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'demo-incident' },
      body: JSON.stringify({ customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001', workload: 'office365', service: 'Microsoft Teams', title: 'Cannot join meetings', description: 'Since 09:00.', agent: { userPrincipalName: 'dana@contoso-cloud.example' } }),
    });
    const { statusUrl, ticketId } = (await submitted.json()) as { statusUrl: string; ticketId: string };
    const view = async () => (await (await fetch(`${url}${statusUrl}`, { headers: { authorization: `Bearer ${creds.apiKey}` } })).json()) as { status: string; incident: { id: string } | null };
    const waitFor = async (status: string) => {
      const deadline = Date.now() + 5_000;
      let current = await view();
      while (current.status !== status && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        current = await view();
      }
      return current;
    };
    const held = await waitFor('held');
    expect(held.status).toBe('held');
    expect(held.incident?.id).toBe('TM123456');
    expect((await push(true)).status).toBe(200);
    expect((await waitFor('closed')).status).toBe('closed');
    const deadline = Date.now() + 5_000;
    let types: string[] = [];
    while (!types.includes('ticket.incident_resolved') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const received = (await (await fetch(`${url}/demo/receiver`)).json()) as { ticketId: string; type: string; verified: boolean }[];
      types = received.filter((e) => e.ticketId === ticketId && e.verified).map((e) => e.type);
    }
    expect(types).toEqual(['ticket.held', 'ticket.incident_resolved']);
  });

  it('when Ctrl-C is pressed, then it stops cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
