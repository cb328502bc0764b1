import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, pollUntil, startLocalHost, type LocalHost } from './support/local-host.js';

/** Black box: the compiled local host exactly as `npm start` runs it, on a free port and the suite's Azurite. */
describe.skipIf(!hostIsBuilt)('npm start (compiled local host; skipped when dist/ is missing: run `npm run build`)', () => {
  let host: LocalHost;
  let child: LocalHost['child'];
  let url: string;
  let output = '';

  beforeAll(async () => {
    host = await startLocalHost();
    ({ child, url } = host);
    output = host.output();
  });

  afterAll(() => host.stop());

  it('when started, then it prints the demo credentials and a curl command, and writes them to the state folder', () => {
    const creds = host.credentials() as unknown as Record<string, string>;
    expect(Object.keys(creds)).toEqual(expect.arrayContaining(['toolId', 'partnerTenantId', 'apiKey', 'signingSecret', 'adminKey']));
    expect(output).toContain(`curl -s -X POST ${url}/api/v1/service-requests`);
    expect(output).toContain(creds.apiKey);
  });

  it('when the printed request is submitted, then the ticket reaches notified within 5 s and the demo receiver got a valid signature', async () => {
    const creds = host.credentials();
    const body = /-d '(\{.*\})'/.exec(output)![1]!;
    const res = await fetch(`${url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'demo-black-box' },
      body,
    });
    expect(res.status).toBe(202);
    const { statusUrl, ticketId } = (await res.json()) as { statusUrl: string; ticketId: string };
    const read = async () =>
      ((await (await fetch(`${url}${statusUrl}`, { headers: { authorization: `Bearer ${creds.apiKey}` } })).json()) as { status: string })
        .status;
    const status = await pollUntil(read, (s) => s === 'notified');
    expect(status).toBe('notified');
    const received = (await (await fetch(`${url}/demo/receiver`)).json()) as { ticketId: string; verified: boolean; type: string }[];
    expect(received).toContainEqual(expect.objectContaining({ ticketId, verified: true, type: 'ticket.recorded' }));
  });

  it('when an incident snapshot is pushed, then a matching request is held; when it resolves, the ticket closes and the tool hears of it', async () => {
    const creds = host.credentials();
    const snapshot = (isResolved: boolean) => ({
      source: 'manual',
      capturedAt: new Date().toISOString(),
      services: [{ workload: 'office365', service: 'Microsoft Teams', status: isResolved ? 'serviceOperational' : 'serviceDegradation' }],
      issues: [
        {
          id: 'TM123456',
          workload: 'office365',
          service: 'Microsoft Teams',
          classification: 'incident',
          status: isResolved ? 'serviceRestored' : 'serviceDegradation',
          title: 'Users cannot join meetings',
          startDateTime: new Date(Date.now() - 600_000).toISOString(),
          isResolved,
        },
      ],
    });
    const push = (isResolved: boolean) =>
      fetch(`${url}/api/v1/service-health`, {
        method: 'POST',
        headers: { authorization: `Bearer ${creds.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(snapshot(isResolved)),
      });
    expect((await push(false)).status).toBe(200);
    const submitted = await fetch(`${url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'demo-incident' },
      body: JSON.stringify({
        customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
        workload: 'office365',
        service: 'Microsoft Teams',
        title: 'Cannot join meetings',
        description: 'Since 09:00.',
        agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      }),
    });
    const { statusUrl, ticketId } = (await submitted.json()) as { statusUrl: string; ticketId: string };
    const view = async () =>
      (await (await fetch(`${url}${statusUrl}`, { headers: { authorization: `Bearer ${creds.apiKey}` } })).json()) as {
        status: string;
        incident: { id: string } | null;
      };
    const waitFor = (status: string) => pollUntil(view, (v) => v.status === status);
    const held = await waitFor('held');
    expect(held.status).toBe('held');
    expect(held.incident?.id).toBe('TM123456');
    expect((await push(true)).status).toBe(200);
    expect((await waitFor('closed')).status).toBe('closed');
    const receivedTypes = async () => {
      const received = (await (await fetch(`${url}/demo/receiver`)).json()) as { ticketId: string; type: string; verified: boolean }[];
      return received.filter((e) => e.ticketId === ticketId && e.verified).map((e) => e.type);
    };
    const types = await pollUntil(receivedTypes, (t) => t.includes('ticket.incident_resolved'));
    expect(types).toEqual(['ticket.held', 'ticket.incident_resolved']);
  });

  it('when Ctrl-C is pressed, then it stops cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
