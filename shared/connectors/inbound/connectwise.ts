import { idOf, isRecord, textOf, ticketEvent, updateOnly, type ParsedPayload } from './psa-event.js';

/**
 * ConnectWise PSA callbacks (https://developer.connectwise.com/Products/ConnectWise_PSA/Developer_Guide/Callbacks):
 * `{ MessageId, FromUrl, CompanyId, MemberId, Action, Type, ID, ProductInstanceId, PartnerId, Entity, Metadata:
 * { key_url } }`. `CompanyId` is the PSA login company (the partner); the customer is `Entity.company`, and `Entity`
 * is the ticket serialised as a JSON string.
 */
export function parseConnectWise(body: unknown): ParsedPayload {
  if (!isRecord(body)) return { kind: 'invalid', detail: 'The ConnectWise callback must be a JSON object.' };
  const id = idOf(body.ID) ?? undefined;
  if ((textOf(body.Type) ?? '').toLowerCase() !== 'ticket')
    return { kind: 'ignored', reason: `callback type ${textOf(body.Type) ?? '?'} is not a ticket` };
  if ((textOf(body.Action) ?? '').toLowerCase() === 'deleted')
    return { kind: 'ignored', reason: 'the ticket was deleted', ...(id ? { psaTicketId: id } : {}) };
  let entity: unknown = body.Entity;
  if (typeof entity === 'string') {
    try {
      entity = JSON.parse(entity) as unknown;
    } catch {
      return { kind: 'invalid', detail: 'The callback Entity is not valid JSON.' };
    }
  }
  if (!isRecord(entity))
    return {
      kind: 'invalid',
      detail: 'The callback has no Entity; subscribe the callback with the full ticket (not "inlineCallback" ids only).',
    };
  const company = isRecord(entity.company) ? entity.company : {};
  const priority = isRecord(entity.priority) ? entity.priority : {};
  const type = isRecord(entity.type) ? entity.type : {};
  const owner = isRecord(entity.owner) ? entity.owner : {};
  const parsed = ticketEvent(
    {
      psaTicketId: idOf(entity.id) ?? idOf(body.ID),
      companyId: idOf(company.id),
      companyName: textOf(company.name),
      title: textOf(entity.summary),
      description: textOf(entity.initialDescription),
      priority: idOf(priority.id),
      category: textOf(type.name),
      agentHint: textOf(owner.identifier),
    },
    { ticket: 'ID', company: 'Entity.company.id', title: 'Entity.summary' },
  );
  return updateOnly(parsed, (textOf(body.Action) ?? '').toLowerCase() === 'updated');
}

/** The callback's `Metadata.key_url`: where ConnectWise publishes the key this callback was signed with. */
export function keyUrlOf(body: unknown): string | null {
  return isRecord(body) && isRecord(body.Metadata) && typeof body.Metadata.key_url === 'string' ? body.Metadata.key_url : null;
}
