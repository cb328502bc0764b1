import { CONNECTOR_ID, PSA_CALLBACK_SCHEME, type ConnectorStore } from '../../connectors/connector.js';
import { noteMarker, noteText } from '../../connectors/note-text.js';
import type { TicketView } from '../../domain/ticket.js';
import type { WebhookAttemptResult, WebhookRequest, WebhookSender } from '../../ports/webhook-sender.js';
import { psaApiFor } from './psa-api-for.js';
import type { PsaResponse } from './psa-http.js';
import type { PsaHttpOptions } from './psa-http.js';

/**
 * A connector's tool has the callback `psa://<connectorId>`: its events go through the notifications stage like any
 * webhook (retry schedule, Retry-After, delivery log, replay), and this sender turns each attempt into one internal
 * note on the PSA ticket. Before posting, it reads the ticket's notes for the event's marker: an attempt whose answer
 * was lost after the PSA stored the note counts as delivered instead of posting it twice.
 */
export function withPsaNotes(webhooks: WebhookSender, connectors: ConnectorStore, http: PsaHttpOptions): WebhookSender {
  return {
    send: (request) => (request.url.startsWith(PSA_CALLBACK_SCHEME) ? deliverNote(connectors, http, request) : webhooks.send(request)),
  };
}

async function deliverNote(connectors: ConnectorStore, http: PsaHttpOptions, request: WebhookRequest): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const result = (statusCode: number | null, error?: string, retryAfterSeconds?: number): WebhookAttemptResult => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    ...(error ? { error } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
  const connectorId = request.url.slice(PSA_CALLBACK_SCHEME.length);
  const eventId = request.headers['webhook-id'] ?? '';
  const event = JSON.parse(request.body) as { type: string; data: TicketView & { update?: unknown } };
  const psaTicketId = event.data?.externalRef;
  // Partner-wide events (incidents, access) name no PSA ticket: nothing to note, and nothing to retry.
  if (!psaTicketId) return result(204);
  const loaded = CONNECTOR_ID.test(connectorId) ? await connectors.withSecrets(connectorId) : null;
  if (!loaded || loaded.connector.disabled) return result(null, `connector ${connectorId} is missing or disabled`);
  const api = psaApiFor(loaded.connector, loaded.secrets, http);
  const existing = await api.noteTexts(psaTicketId);
  if (!existing.ok) return fromResponse(existing.response, result, 'reading the ticket notes');
  if (existing.value.some((text) => text.includes(noteMarker(eventId)))) return result(200);
  return fromResponse(await api.addNote(psaTicketId, noteText(eventId, event.type, event.data)), result, 'posting the note');
}

function fromResponse(
  response: PsaResponse,
  result: (statusCode: number | null, error?: string, retryAfterSeconds?: number) => WebhookAttemptResult,
  what: string,
): WebhookAttemptResult {
  if (response.kind === 'failed') return result(null, `${what}: ${response.error}`);
  if (response.status >= 200 && response.status < 300) return result(response.status);
  // 410 would remove a webhook's callback; a PSA answering it is a failure to retry like any other, not a reason to unplug the connector.
  const status = response.status === 410 ? 404 : response.status;
  return result(status, `${what}: the PSA answered HTTP ${response.status}`, response.retryAfterSeconds);
}
