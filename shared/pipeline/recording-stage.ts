import { wireBody } from '../domain/routing/azure-support-body.js';
import { block } from '../domain/reasons.js';
import type { Route } from '../domain/route.js';
import type { Ticket } from '../domain/ticket.js';
import type { SupportApi } from '../ports/support-api.js';
import type { EventType } from '../domain/ticket.js';
import type { Deps } from './deps.js';
import { caseOnRecording, filedByApi } from './case-start.js';
import { owedNext } from './notification-stage.js';
import { evolve, type Decide, type StepOutcome } from './step.js';

/**
 * Stage 4: makes the record final. With AZURE_SUPPORT_SUBMIT=on an azure-support ticket is filed under its
 * deterministic name, so a redelivered message finds it "already exists" instead of filing twice. Transient
 * failures throw (the broker redelivers); permanent ones fail the ticket with the reason and notify `ticket.failed`.
 */
export const decideRecording: Decide = async (deps, { ticket }) => {
  const route = ticket.route;
  if (route && deps.supportApi && filesWithAzure(deps, ticket)) return fileWithAzure(deps, deps.supportApi, ticket, route);
  const event: EventType = ticket.decision === 'eligible' ? 'ticket.recorded' : 'ticket.rejected';
  const recorded = evolve(deps, ticket, { status: 'recorded', ...(await owedNext(deps, ticket, event)), ...caseOnRecording(deps, ticket) });
  return { ticket: recorded, note: `recorded (${route?.channel ?? 'none'})` };
};

/** Only an eligible Azure ticket with AZURE_SUPPORT_SUBMIT=on calls out; anything else is recorded as routed. */
export function filesWithAzure(deps: Pick<Deps, 'supportApi'>, ticket: Pick<Ticket, 'route' | 'decision'>): boolean {
  return ticket.route?.channel === 'azure-support' && deps.supportApi !== null && ticket.decision === 'eligible';
}

async function fileWithAzure(deps: Deps, supportApi: SupportApi, ticket: Ticket, route: Route): Promise<StepOutcome> {
  if (route.channel !== 'azure-support') throw new Error(`ticket ${ticket.ticketId} is routed to ${route.channel}, not Azure support`);
  const azure = route.payload;
  // Stored tickets are JSON: one written by an older version may lack parts of the request.
  if (!azure?.ticketName || !azure.body?.properties || !azure.subscriptionId)
    throw new Error(`ticket ${ticket.ticketId} has no Azure request to file`);
  const missing = azure.missingForSubmission ?? [];
  if (missing.length > 0) return failed(deps, ticket, missingIds(missing));
  const filed = await supportApi.createTicket({
    subscriptionId: azure.subscriptionId,
    ticketName: azure.ticketName,
    customerTenantId: ticket.request.customerTenantId,
    partnerTenantId: ticket.partnerTenantId,
    // The API only reports the support plan back; sending it is refused.
    body: wireBody(azure),
  });
  if (filed.kind === 'permanent-failure') {
    return failed(deps, ticket, {
      message: `Azure refused the support request: ${filed.message}`,
      fix: 'Check the subscription, the Azure role and the request details, then submit again with a new Idempotency-Key.',
    });
  }
  const recorded = evolve(deps, ticket, {
    status: 'recorded',
    ...(await owedNext(deps, ticket, 'ticket.recorded')),
    route: { ...route, microsoftTicketId: filed.supportTicketId },
    case: filedByApi(deps, filed.supportTicketId),
  });
  return { ticket: recorded, note: `filed with Azure support (${filed.kind})` };
}

function missingIds(fields: string[]): { message: string; fix: string } {
  const list = fields.map((f) => `azure.${f}`).join(' and ');
  return {
    message: `The Azure Support API needs ${list}, which the request did not include; nothing was filed with Azure.`,
    fix:
      'Take serviceId from GET /providers/Microsoft.Support/services and problemClassificationId from ' +
      'GET /providers/Microsoft.Support/services/{serviceId}/problemClassifications (api-version 2024-04-01), then submit again ' +
      'with a new Idempotency-Key; or file it yourself through the route deep link in the Azure portal.',
  };
}

async function failed(deps: Deps, ticket: Ticket, why: { message: string; fix: string }): Promise<StepOutcome> {
  const next = evolve(deps, ticket, {
    status: 'failed',
    ...(await owedNext(deps, ticket, 'ticket.failed')),
    reasons: [...ticket.reasons, block('AZURE_SUBMISSION_FAILED', why.message, why.fix)],
  });
  return { ticket: next, note: `not filed with Azure: ${why.message}`.slice(0, 300) };
}
