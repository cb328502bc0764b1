import { idOf, isRecord, textOf, ticketEvent, updateOnly, type ParsedPayload } from './psa-event.js';

/**
 * Autotask TicketWebhooks (https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/Webhooks/WEBHOOKS.htm):
 * `{ Action: Create|Update|Delete, Guid, EntityType, Id, Fields: { …subscribed and always-included fields },
 * EventTime, SequenceNumber, PersonID }`. The relay needs CompanyID and Title in Fields (mark them "always include").
 */
export function parseAutotask(body: unknown): ParsedPayload {
  if (!isRecord(body)) return { kind: 'invalid', detail: 'The Autotask payload must be a JSON object.' };
  const id = idOf(body.Id) ?? undefined;
  if ((textOf(body.EntityType) ?? '') !== 'Ticket')
    return { kind: 'ignored', reason: `entity ${textOf(body.EntityType) ?? '?'} is not a ticket` };
  if (body.Action === 'Delete') return { kind: 'ignored', reason: 'the ticket was deleted', ...(id ? { psaTicketId: id } : {}) };
  const fields = isRecord(body.Fields) ? body.Fields : {};
  const parsed = ticketEvent(
    {
      psaTicketId: idOf(body.Id),
      companyId: idOf(fields.CompanyID),
      companyName: null,
      title: textOf(fields.Title),
      description: textOf(fields.Description),
      priority: idOf(fields.Priority),
      category: idOf(fields.IssueType),
      agentHint: null,
    },
    { ticket: 'Id', company: 'Fields.CompanyID', title: 'Fields.Title' },
  );
  return updateOnly(parsed, body.Action === 'Update');
}
