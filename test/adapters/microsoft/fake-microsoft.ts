import { readFileSync } from 'node:fs';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { FetchLike } from '../../../shared/adapters/microsoft/http.js';

/** A recorded answer: a fixture file name (200, JSON) or an explicit response. */
export type Answer = string | { status: number; body?: unknown; headers?: Record<string, string> };
/** Keyed by full URL, or by `<tenantId> <url>` when the same URL answers differently per tenant. */
export type Routes = Record<string, Answer | Answer[]>;

export interface SeenRequest {
  url: string;
  tenant: string;
  headers: Record<string, string>;
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/microsoft/${name}`, import.meta.url), 'utf8')) as unknown;
}

/** Hands out `tok.<tenant>` tokens and remembers which tenants and scopes were asked for. */
export function fakeCredential(): TokenCredential & { asked: { scope: string; tenant: string }[] } {
  const asked: { scope: string; tenant: string }[] = [];
  return {
    asked,
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
      const tenant = options?.tenantId ?? 'home';
      asked.push({ scope: Array.isArray(scopes) ? scopes.join(' ') : scopes, tenant });
      return { token: `tok.${tenant}`, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/**
 * Serves recorded answers by URL. A request without `Authorization: Bearer tok.<tenant>` gets a 401,
 * an unknown URL a Graph-style 404 (listed in `unmatched`), so a mapping test fails loudly on either.
 */
export function fakeFetch(routes: Routes) {
  const seen: SeenRequest[] = [];
  const unmatched: string[] = [];
  const queues = new Map(Object.entries(routes).map(([key, answer]) => [key, Array.isArray(answer) ? [...answer] : [answer]]));
  const impl: FetchLike = async (url, init) => {
    const tenant = /^Bearer tok\.(.+)$/.exec(init.headers.Authorization ?? '')?.[1];
    seen.push({ url, tenant: tenant ?? '(none)', headers: init.headers });
    if (!tenant) return json(401, { error: { code: 'InvalidAuthenticationToken' } });
    const queue = queues.get(`${tenant} ${url}`) ?? queues.get(url);
    const answer = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (answer === undefined) {
      unmatched.push(`${tenant} ${url}`);
      return json(404, { error: { code: 'Request_ResourceNotFound' } });
    }
    return typeof answer === 'string' ? json(200, fixture(answer)) : json(answer.status, answer.body ?? {}, answer.headers);
  };
  return { impl, seen, unmatched };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-03-01T10:00:00Z') {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}
