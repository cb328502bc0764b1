import { CASE_STATES, type CaseState } from '../domain/case.js';
import { TICKET_STATUSES, toView, type TicketStatus, type TicketView } from '../domain/ticket.js';
import type { Delivery } from '../ports/delivery-log.js';
import { InvalidCursorError } from '../ports/ticket-store.js';
import type { Deps } from './deps.js';

/** The ticket view plus its deliveries, for the tool that owns it; null for anyone else's ticket (404, not 403). */
export async function viewTicket(
  deps: Deps,
  partnerTenantId: string,
  ticketId: string,
): Promise<(TicketView & { deliveries: Delivery[] }) | null> {
  const stored = await deps.tickets.get(partnerTenantId, ticketId);
  if (!stored || stored.ticket.partnerTenantId !== partnerTenantId) return null;
  const [history, deliveries] = await Promise.all([
    deps.tickets.history(partnerTenantId, ticketId),
    deps.deliveries.forTicket(partnerTenantId, ticketId),
  ]);
  return { ...toView(stored.ticket, history), deliveries };
}

export type ListQuery = {
  externalRef?: string;
  status?: TicketStatus;
  caseState?: CaseState;
  since?: Date;
  limit: number;
  cursor?: string;
};

export function parseListQuery(
  params: URLSearchParams,
): { ok: true; query: ListQuery } | { ok: false; errors: { path: string; message: string }[] } {
  const errors: { path: string; message: string }[] = [];
  const query: ListQuery = { limit: 50 };
  const externalRef = params.get('externalRef');
  if (externalRef) query.externalRef = externalRef.slice(0, 100);
  const status = params.get('status');
  if (status) {
    if ((TICKET_STATUSES as readonly string[]).includes(status)) query.status = status as TicketStatus;
    else errors.push({ path: 'status', message: `must be one of ${TICKET_STATUSES.join(', ')}` });
  }
  const caseState = params.get('caseState');
  if (caseState) {
    if ((CASE_STATES as readonly string[]).includes(caseState)) query.caseState = caseState as CaseState;
    else errors.push({ path: 'caseState', message: `must be one of ${CASE_STATES.join(', ')}` });
  }
  const since = params.get('since');
  if (since) {
    const at = new Date(since);
    if (Number.isNaN(at.getTime())) errors.push({ path: 'since', message: 'must be an ISO-8601 date-time' });
    else query.since = at;
  }
  const limit = params.get('limit');
  if (limit) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 200) errors.push({ path: 'limit', message: 'must be an integer from 1 to 200' });
    else query.limit = n;
  }
  const cursor = params.get('cursor');
  if (cursor) query.cursor = cursor;
  return errors.length ? { ok: false, errors } : { ok: true, query };
}

export async function listTickets(
  deps: Deps,
  partnerTenantId: string,
  query: ListQuery,
): Promise<{ items: TicketView[]; nextCursor: string | null } | { invalidCursor: true }> {
  try {
    const page = await deps.tickets.list(partnerTenantId, query);
    return { items: page.items.map((t) => toView(t)), nextCursor: page.cursor };
  } catch (error) {
    if (error instanceof InvalidCursorError) return { invalidCursor: true };
    throw error;
  }
}
