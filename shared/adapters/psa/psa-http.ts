import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseRetryAfter } from '../webhooks/retry-after.js';
import { pinnedLookup } from '../webhooks/pinned-post.js';
import { checkCallbackUrl, type CallbackUrlOptions } from '../webhooks/ssrf-guard.js';
import { clientSpan, type ClientSpan } from '../../tracing/client-span.js';

/** What a PSA API call came back with; never the request's headers (they carry the credentials). */
export type PsaResponse =
  { kind: 'answered'; status: number; body: unknown; retryAfterSeconds?: number } | { kind: 'failed'; error: string };

export interface PsaHttpOptions extends CallbackUrlOptions {
  timeoutMs?: number;
}

/** PSA answers are small JSON documents (a token, a page of notes); anything larger is cut off. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * One call to a PSA's API, through the same guard as callbacks: the URL is checked (scheme, private addresses, ports)
 * on every call and the connection is pinned to the checked addresses, so a PSA base URL can never reach inside.
 */
export function psaRequest(options: PsaHttpOptions, call: PsaCall): Promise<PsaResponse> {
  // A span per call, in the ticket's trace when a note is written back; the PSA gets no trace header of ours.
  return clientSpan(`psa ${call.method}`, call.method, async (span) => {
    const response = await request(options, call, span);
    const status = response.kind === 'answered' ? response.status : null;
    span.done(status, status !== null && status < 400);
    return response;
  });
}

type PsaCall = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string };

async function request(options: PsaHttpOptions, call: PsaCall, span: ClientSpan): Promise<PsaResponse> {
  const check = await checkCallbackUrl(call.url, options);
  if (!check.ok) return { kind: 'failed', error: `PSA URL refused (${check.publicReason}): ${check.publicDetail}` };
  span.setHost(check.url.hostname);
  const payload = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
  const headers = {
    accept: 'application/json',
    'user-agent': 'csp-support-relay',
    ...call.headers,
    ...(payload ? { 'content-length': String(payload.length) } : {}),
  };
  const send = check.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  return new Promise((resolve) => {
    const req = send(check.url, { method: call.method, headers, agent: false, lookup: pinnedLookup(check.addresses), signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on('error', () => resolve({ kind: 'failed', error: 'the PSA connection broke while answering' }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = text ? (JSON.parse(text) as unknown) : null;
        } catch {
          body = null;
        }
        const retryAfterSeconds =
          status === 429 || status === 503 ? parseRetryAfter(headerOf(res.headers['retry-after']), new Date()) : undefined;
        resolve({ kind: 'answered', status, body, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
      });
    });
    req.on('error', (error) =>
      resolve({
        kind: 'failed',
        error: `connection failed (${'code' in error && typeof error.code === 'string' ? error.code : error.name})`,
      }),
    );
    req.end(payload);
  });
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
