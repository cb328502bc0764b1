/** One HTTP attempt to a partner's callback URL. Never follows redirects; times out at 15 s. */
export interface WebhookAttemptResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** Seconds asked for by a 429/503 `Retry-After`. */
  retryAfterSeconds?: number;
  error?: string;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookAttemptResult>;
}
