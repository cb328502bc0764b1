import type { Deps } from './deps.js';
import { outboxFor } from './envelope.js';
import { evolve, runStage, type StageResult } from './run-stage.js';
import { block } from '../domain/reasons.js';

/**
 * Stage 4: makes the record final. With AZURE_SUPPORT_SUBMIT=on an azure-support ticket is filed under its
 * deterministic name, so a redelivered message finds it "already exists" instead of filing twice.
 */
export function runRecording(deps: Deps, body: unknown): Promise<StageResult> {
  return runStage(deps, 'recording', body, async ({ ticket }) => {
    const route = ticket.route;
    if (route?.channel === 'azure-support' && deps.supportApi && ticket.decision === 'eligible') {
      const payload = route.payload as { ticketName?: string; body?: Record<string, unknown> } | undefined;
      const subscriptionId = ticket.request.subscriptionId;
      if (!payload?.ticketName || !payload.body || !subscriptionId) throw new Error(`ticket ${ticket.ticketId} has no Azure request to file`);
      const filed = await deps.supportApi.createTicket({
        subscriptionId,
        ticketName: payload.ticketName,
        customerTenantId: ticket.request.customerTenantId,
        partnerTenantId: ticket.partnerTenantId,
        body: payload.body,
      });
      if (filed.kind === 'permanent-failure') {
        const failed = evolve(deps, ticket, {
          status: 'failed',
          nextStage: 'notifications',
          pendingEvent: 'ticket.failed',
          reasons: [...ticket.reasons, block('AZURE_SUBMISSION_FAILED', `Azure refused the support request: ${filed.message}`, 'Check the subscription, the Azure role and the request details, then submit again with a new Idempotency-Key.')],
        });
        return { ticket: failed, note: 'Azure support request refused', next: outboxFor(failed, 'notifications') };
      }
      const recorded = evolve(deps, ticket, {
        status: 'recorded',
        nextStage: 'notifications',
        pendingEvent: 'ticket.recorded',
        route: { ...route, microsoftTicketId: filed.supportTicketId },
      });
      return { ticket: recorded, note: `filed with Azure support (${filed.kind})`, next: outboxFor(recorded, 'notifications') };
    }
    const event = ticket.decision === 'eligible' ? 'ticket.recorded' : 'ticket.rejected';
    const recorded = evolve(deps, ticket, { status: 'recorded', nextStage: 'notifications', pendingEvent: event });
    return { ticket: recorded, note: `recorded (${route?.channel ?? 'none'})`, next: outboxFor(recorded, 'notifications') };
  });
}
