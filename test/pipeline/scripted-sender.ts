import type { WebhookAttemptResult, WebhookRequest, WebhookSender } from '../../shared/ports/webhook-sender.js';

/**
 * The webhook sender as the use cases see it, without HTTP: each call answers with the next scripted status (204 once
 * the script is used up) and is kept in `requests`. Failures carry the sender's own wording
 * (shared/adapters/webhooks/http-sender.ts): `callback answered HTTP 500`, or no status and `connection failed (…)`.
 */
export interface ScriptedSender extends WebhookSender {
  requests: WebhookRequest[];
  /** Answers still to give, in order; `null` is a connection that failed. */
  script: (number | null)[];
}

export function scriptedSender(...script: (number | null)[]): ScriptedSender {
  const requests: WebhookRequest[] = [];
  const sender: ScriptedSender = {
    requests,
    script,
    send: async (request): Promise<WebhookAttemptResult> => {
      requests.push(request);
      const status = sender.script.length ? sender.script.shift()! : 204;
      if (status === null) return { ok: false, statusCode: null, latencyMs: 2, error: 'connection failed (ECONNREFUSED)' };
      if (status >= 200 && status < 300) return { ok: true, statusCode: status, latencyMs: 2 };
      return { ok: false, statusCode: status, latencyMs: 2, error: `callback answered HTTP ${status}` };
    },
  };
  return sender;
}

/** A sent event's body as the receiver reads it (the contract's envelope: type, timestamp, data). */
export interface SentEvent<Data = Record<string, unknown>> {
  type: string;
  timestamp: string;
  data: Data;
}
export const bodyOf = <Data = Record<string, unknown>>(request: WebhookRequest) => JSON.parse(request.body) as SentEvent<Data>;

/** A clock the test moves. */
export function testClock(start = new Date()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}
