import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { LocalHost } from './local-host.js';

/**
 * What a partner's tool and an operator do against a running relay, and nothing else: HTTP with an API key or a
 * Standard Webhooks signature (signed with the reference `standardwebhooks` package, not the relay's own code),
 * and the `relay` CLI.
 */
export interface ToolCredentials {
  toolId: string;
  partnerTenantId: string;
  apiKey: string;
  signingSecret: string;
}

export async function addTool(host: LocalHost, partnerTenantId: string, name: string): Promise<ToolCredentials> {
  return JSON.parse(await host.relay('tools', 'add', '--partner', partnerTenantId, '--name', name, '--json')) as ToolCredentials;
}

/** A Microsoft 365 request any partner may send; whether it is eligible does not matter to these tests. */
export const m365Request = (externalRef: string) => ({
  customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  workload: 'office365',
  service: 'Exchange Online',
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  externalRef,
});

export function submit(host: LocalHost, apiKey: string, body: object, idempotencyKey: string = randomUUID()): Promise<Response> {
  return fetch(`${host.url}/api/v1/service-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
}

/** A PSA configured with `…/service-requests?toolId=<id>` that signs each request; `at` moves its clock. */
export function submitSigned(host: LocalHost, tool: ToolCredentials, body: object, at = new Date()): Promise<Response> {
  const id = `msg_${randomUUID()}`;
  const payload = JSON.stringify(body);
  return fetch(`${host.url}/api/v1/service-requests?toolId=${encodeURIComponent(tool.toolId)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(tool.signingSecret).sign(id, at, payload),
    },
    body: payload,
  });
}

export async function get<T>(host: LocalHost, apiKey: string, path: string): Promise<T> {
  const res = await fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Follows `nextCursor` from the first page to the last; one entry per page, each page's externalRefs. */
export async function listPages(host: LocalHost, apiKey: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: { items: { externalRef: string }[]; nextCursor: string | null } = await get(
      host,
      apiKey,
      `/api/v1/service-requests?${query}`,
    );
    pages.push(page.items.map((t) => t.externalRef));
    cursor = page.nextCursor;
    // A relay that never stops handing out cursors is a bug of its own; 50 pages is far more than any test here needs.
  } while (cursor !== null && pages.length < 50);
  return pages;
}
