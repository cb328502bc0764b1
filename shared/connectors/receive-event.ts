import type { PsaHttpOptions } from '../adapters/psa/psa-http.js';
import type { Deps } from '../pipeline/deps.js';
import { submitServiceRequest } from '../pipeline/intake.js';
import type { Connector, ConnectorStore, ParkedEvent } from './connector.js';
import { parseAutotask } from './inbound/autotask.js';
import { parseConnectWise } from './inbound/connectwise.js';
import { parseHalo } from './inbound/halo.js';
import type { ParsedPayload } from './inbound/psa-event.js';
import { verifyAutotask, verifyConnectWise, verifyHalo, type Headers } from './inbound/verify.js';
import { submissionFor } from './to-submission.js';

export type ConnectorEventResult =
  | { kind: 'unauthorized' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'invalid'; detail: string; errors?: { path: string; message: string }[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'duplicate'; ticketId: string }
  | { kind: 'accepted'; ticketId: string }
  | { kind: 'parked'; companyId: string };

export interface ConnectorEventInput {
  connectorId: string;
  headers: Headers;
  rawBody: Uint8Array;
  /** The parsed JSON body, or undefined when it did not parse. */
  body: unknown;
  /** The per-connector rate limit: null to go on, or the seconds to wait. Taken once the PSA is verified. */
  admit: (connectorId: string) => number | null;
}

/** One PSA ticket is one relay ticket: the idempotency key is the PSA ticket id, whatever the PSA re-sends. */
export const psaIdempotencyKey = (psaTicketId: string) => `psa-ticket:${psaTicketId}`;

/**
 * POST /api/v1/connectors/{id}/events: the PSA's own credentials first (an unknown connector looks the same as a bad
 * signature), then its payload, then the company map — an unmapped company parks the event until it is mapped.
 */
export async function receiveConnectorEvent(
  deps: Deps,
  connectors: ConnectorStore,
  http: PsaHttpOptions,
  input: ConnectorEventInput,
): Promise<ConnectorEventResult> {
  const loaded = await connectors.withSecrets(input.connectorId);
  if (!loaded || loaded.connector.disabled) return { kind: 'unauthorized' };
  const { connector, secrets } = loaded;
  const verified =
    secrets.kind === 'halo'
      ? verifyHalo(secrets, input.headers)
      : secrets.kind === 'autotask'
        ? verifyAutotask(secrets, input.headers, input.rawBody)
        : input.body !== undefined && (await verifyConnectWise(connector, input.headers, input.rawBody, input.body, http));
  if (!verified) return { kind: 'unauthorized' };
  // Counted only for verified callers, so made-up connector ids cannot fill the limiter's memory.
  const wait = input.admit(connector.connectorId);
  if (wait !== null) return { kind: 'throttled', retryAfterSeconds: wait };
  if (input.body === undefined) return { kind: 'invalid', detail: 'The body is not valid JSON.' };

  const parsed = parserFor(connector)(input.body);
  if (parsed.kind === 'invalid') return parsed;
  const psaTicketId = parsed.kind === 'ticket' ? parsed.event.psaTicketId : parsed.psaTicketId;
  // Updates, re-sends and deletions of a PSA ticket the relay already has change nothing.
  const earlier = psaTicketId
    ? await deps.tickets.findIdempotency(connector.partnerTenantId, connector.toolId, psaIdempotencyKey(psaTicketId))
    : null;
  if (earlier) return { kind: 'duplicate', ticketId: earlier.ticketId };
  if (parsed.kind === 'ignored') return parsed;

  const { event } = parsed;
  const submission = await submissionFor(connector, event, deps.directory);
  const tenantId = await connectors.tenantOf(connector.connectorId, event.companyId);
  if (!tenantId) {
    await connectors.park({
      connectorId: connector.connectorId,
      companyId: event.companyId,
      companyName: event.companyName,
      psaTicketId: event.psaTicketId,
      submission,
      receivedAt: deps.clock.now().toISOString(),
    });
    return { kind: 'parked', companyId: event.companyId };
  }
  return submit(deps, connector, event.psaTicketId, { customerTenantId: tenantId, ...submission });
}

/** Files the parked events of a company that was just mapped; returns what became of each. */
export async function releaseParked(
  deps: Deps,
  connectors: ConnectorStore,
  connector: Connector,
  companyId: string,
): Promise<{ psaTicketId: string; result: ConnectorEventResult }[]> {
  const tenantId = await connectors.tenantOf(connector.connectorId, companyId);
  if (!tenantId) return [];
  const waiting = (await connectors.parked(connector.connectorId)).filter((p: ParkedEvent) => p.companyId === companyId);
  const out: { psaTicketId: string; result: ConnectorEventResult }[] = [];
  for (const parked of waiting) {
    const result = await submit(deps, connector, parked.psaTicketId, { customerTenantId: tenantId, ...parked.submission });
    // An invalid submission stays parked (listed with its reason) rather than vanish.
    if (result.kind !== 'invalid') await connectors.unpark(connector.connectorId, parked.psaTicketId);
    out.push({ psaTicketId: parked.psaTicketId, result });
  }
  return out;
}

async function submit(deps: Deps, connector: Connector, psaTicketId: string, body: Record<string, unknown>): Promise<ConnectorEventResult> {
  const result = await submitServiceRequest(deps, {
    tool: { toolId: connector.toolId, partnerTenantId: connector.partnerTenantId },
    idempotencyKey: psaIdempotencyKey(psaTicketId),
    rawBody: JSON.stringify(body),
    body,
  });
  switch (result.kind) {
    case 'invalid':
      return {
        kind: 'invalid',
        detail: 'The PSA ticket does not make a valid relay request (check the connector maps).',
        errors: result.errors,
      };
    case 'key-reused':
      return { kind: 'duplicate', ticketId: result.ticketId };
    case 'accepted':
      return result.replayed
        ? { kind: 'duplicate', ticketId: result.response.ticketId }
        : { kind: 'accepted', ticketId: result.response.ticketId };
  }
}

function parserFor(connector: Connector): (body: unknown) => ParsedPayload {
  return connector.kind === 'halo' ? parseHalo : connector.kind === 'connectwise' ? parseConnectWise : parseAutotask;
}
