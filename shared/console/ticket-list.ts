import { toView, type TicketView } from '../domain/ticket.js';
import type { Deps } from '../pipeline/deps.js';
import { listTickets, parseListQuery, type ListQuery } from '../pipeline/ticket-queries.js';
import { partnersIn } from './partners.js';
import { GUID } from './viewer.js';

export type ConsoleQuery = ListQuery & { customerTenantId?: string };
type FieldError = { path: string; message: string };

/** The status list's filters plus `customerTenantId` (a GUID). */
export function parseConsoleQuery(params: URLSearchParams): { ok: true; query: ConsoleQuery } | { ok: false; errors: FieldError[] } {
  const base = parseListQuery(params);
  const errors = base.ok ? [] : [...base.errors];
  const customer = params.get('customerTenantId');
  if (customer && !GUID.test(customer)) errors.push({ path: 'customerTenantId', message: 'must be a tenant id (GUID)' });
  if (!base.ok || errors.length) return { ok: false, errors };
  return { ok: true, query: { ...base.query, ...(customer ? { customerTenantId: customer.toLowerCase() } : {}) } };
}

export type TicketPage = { items: TicketView[]; nextCursor: string | null } | { invalidCursor: true };

/**
 * One partner: the status API's page, narrowed to the customer when one is named (the store has no customer
 * index, so a page may hold fewer items; `nextCursor` continues). Every partner (admin, none named): the first page
 * of each, merged newest first, without a cursor: name a partner to page further.
 */
export async function consoleTickets(deps: Deps, partnerTenantId: string | null, query: ConsoleQuery): Promise<TicketPage> {
  const { customerTenantId, ...list } = query;
  const forCustomer = (items: TicketView[]) =>
    customerTenantId ? items.filter((t) => t.customerTenantId.toLowerCase() === customerTenantId) : items;
  if (partnerTenantId) {
    const page = await listTickets(deps, partnerTenantId, list);
    return 'invalidCursor' in page ? page : { items: forCustomer(page.items), nextCursor: page.nextCursor };
  }
  if (list.cursor) return { invalidCursor: true };
  const partners = await partnersIn(deps, null);
  const pages = await Promise.all(partners.map((p) => deps.tickets.list(p, list)));
  const items = forCustomer(pages.flatMap((p) => p.items.map((t) => toView(t))));
  items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { items: items.slice(0, list.limit), nextCursor: null };
}
