import { classifyAttempt } from '../../domain/delivery-schedule.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { WebhookAttemptResult, WebhookRequest, WebhookSender } from '../../ports/webhook-sender.js';
import { clientSpan, type ClientSpan } from '../../tracing/client-span.js';
import { postPinned } from './pinned-post.js';
import { parseRetryAfter } from './retry-after.js';
import { checkCallbackUrl, type ResolveHost } from './ssrf-guard.js';

/** docs/openapi.json (webhooks): success is a 2xx within 15 s. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 15_000;

export interface HttpWebhookSenderOptions {
  /** RELAY_ALLOW_LOCAL_CALLBACKS. */
  allowLocal: boolean;
  /** RELAY_CALLBACK_PORTS. */
  allowedPorts?: readonly number[];
  /** The whole attempt: DNS, connect, TLS, until the status line arrives. */
  timeoutMs?: number;
  resolve?: ResolveHost;
  /** Reads HTTP-date `Retry-After` values. */
  clock?: Clock;
}

const TIMED_OUT = Symbol('timed-out');

/**
 * One attempt per `send`. The callback URL is checked again on every attempt, because a host's DNS
 * answers can change between registration and delivery. Results never carry header values, the
 * body or the URL's query, so they are safe to log and to store on the delivery.
 */
export class HttpWebhookSender implements WebhookSender {
  readonly timeoutMs: number;

  constructor(private readonly options: HttpWebhookSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  }

  /** A client span per attempt (README "Tracing"); the receiver gets its `traceparent` header. */
  async send(request: WebhookRequest): Promise<WebhookAttemptResult> {
    return clientSpan('webhook POST', 'POST', async (span) => {
      const result = await this.attempt(request, span);
      span.done(result.statusCode, result.ok);
      return result;
    });
  }

  private async attempt(request: WebhookRequest, span: ClientSpan): Promise<WebhookAttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const failed = (statusCode: number | null, error: string): WebhookAttemptResult => ({
      ok: false,
      statusCode,
      latencyMs: elapsed(),
      error,
    });
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const timedOut = `no answer within ${this.timeoutMs} ms`;

    const check = await untilAborted(checkCallbackUrl(request.url, this.options), deadline);
    if (check === TIMED_OUT) return failed(null, timedOut);
    // What a partner reads on the delivery: no resolved addresses (see CallbackUrlCheck).
    if (!check.ok) return failed(null, `callback URL refused (${check.publicReason}): ${check.publicDetail}`);

    span.setHost(check.url.hostname);
    const headers = { 'content-type': 'application/json', 'user-agent': 'csp-support-relay', ...span.traceHeaders, ...request.headers };
    const outcome = await postPinned(check.url, check.addresses, headers, request.body, deadline);
    if (outcome.kind === 'failed') return failed(null, deadline.aborted ? timedOut : `connection failed (${outcome.code})`);

    const { statusCode } = outcome;
    if (classifyAttempt(statusCode) === 'success') return { ok: true, statusCode, latencyMs: elapsed() };
    if (statusCode >= 300 && statusCode <= 399)
      return failed(statusCode, `redirect ${statusCode} not followed; the callback URL must be updated`);
    const result = failed(statusCode, `callback answered HTTP ${statusCode}`);
    if (statusCode !== 429 && statusCode !== 503) return result;
    const retryAfter = outcome.headers['retry-after'];
    const retryAfterSeconds = parseRetryAfter(retryAfter, (this.options.clock ?? systemClock).now());
    return retryAfterSeconds === undefined ? result : { ...result, retryAfterSeconds };
  }
}

/** DNS lookups cannot be cancelled, so the deadline races them instead. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof TIMED_OUT> {
  if (signal.aborted) return Promise.resolve(TIMED_OUT);
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => resolve(TIMED_OUT), { once: true });
    work.then(resolve, reject);
  });
}
