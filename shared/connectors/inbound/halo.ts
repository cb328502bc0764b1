import { idOf, isRecord, textOf, ticketEvent, type ParsedPayload } from './psa-event.js';

/**
 * HaloPSA webhooks (Configuration > Integrations > Webhooks; https://halopsa.com/guides/article/?kbid=838): a JSON
 * body for the notification event with the ticket object — `ticket.id`, `client_id`, `client_name`, `summary`,
 * `details`, `priority_id`, `category_1`. Halo signs nothing; the webhook sends Basic credentials the relay generated.
 */
export function parseHalo(body: unknown): ParsedPayload {
  if (!isRecord(body)) return { kind: 'invalid', detail: 'The Halo payload must be a JSON object.' };
  const ticket = isRecord(body.ticket) ? body.ticket : null;
  if (!ticket) return { kind: 'ignored', reason: 'the payload carries no ticket object' };
  return ticketEvent(
    {
      psaTicketId: idOf(ticket.id),
      companyId: idOf(ticket.client_id),
      companyName: textOf(ticket.client_name),
      title: textOf(ticket.summary),
      description: textOf(ticket.details),
      priority: idOf(ticket.priority_id),
      category: textOf(ticket.category_1),
      // Halo's ticket carries the agent as a numeric agent_id only: nothing to match against the partner's UPNs.
      agentHint: null,
    },
    { ticket: 'ticket.id', company: 'ticket.client_id', title: 'ticket.summary' },
  );
}
