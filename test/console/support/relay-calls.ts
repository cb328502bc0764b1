import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO } from '../../../shared/local-host/demo-directory.js';
import { pollUntil } from '../../e2e/support/local-host.js';

export const request = (customerTenantId: string, externalRef: string, extra: Record<string, unknown> = {}) => ({
  customerTenantId,
  workload: 'office365',
  service: 'Exchange Online',
  title: `Mail flow delayed (${externalRef})`,
  description: 'Outbound mail queued for 40 minutes.',
  severity: 'high',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  externalRef,
  ...extra,
});

export const resellerRequest = (externalRef: string) =>
  request(DEMO.wingtip, externalRef, { agent: { userPrincipalName: 'sam@fabrikam-it.example' } });

type View = { ticketId: string; status: string; partnerTenantId: string };

/** Submits through the public API and waits until the pipeline is done with the ticket (or it is held). */
export async function submitSettled(url: string, apiKey: string, body: object): Promise<View> {
  const res = await fetch(`${url}/api/v1/service-requests`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': `console-${(body as { externalRef: string }).externalRef}`,
    },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
  const { statusUrl } = (await res.json()) as { statusUrl: string };
  const read = async () => (await (await fetch(`${url}${statusUrl}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as View;
  return pollUntil(read, (v) => ['notified', 'recorded', 'held', 'closed', 'failed'].includes(v.status), 10_000);
}

/** GET on the console API with a key; JSON body and status. */
export async function consoleGet<T = unknown>(
  url: string,
  key: string,
  path: string,
): Promise<{ status: number; body: T; type: string | null }> {
  const res = await fetch(`${url}/api/v1/console/${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as T, type: res.headers.get('content-type') };
}

/** A partner's callback that answers 410 Gone (the delivery fails at once) until it is healed, then 204. */
export async function flakyReceiver(): Promise<{ url: string; calls: number; heal(): void; close(): Promise<void> }> {
  let healed = false;
  const state = { calls: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    state.calls++;
    res.writeHead(healed ? 204 : 410);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/relay`,
    get calls() {
      return state.calls;
    },
    heal: () => {
      healed = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
