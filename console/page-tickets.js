import { api, query } from './api.js';
import { stackedBars } from './charts.js';
import { badge, h, short, table, when } from './dom.js';

const STATUSES = ['received', 'checked', 'routed', 'recorded', 'notified', 'held', 'closed', 'failed'];
const CASE_STATES = ['awaiting-filing', 'filed', 'closed'];
let filters = {};

const select = (id, label, options, value) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id },
      h('option', { value: '' }, 'Any'),
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );

const input = (id, label, value, placeholder) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, value: value ?? '', placeholder, autocomplete: 'off' }),
  );

export const ticketLink = (t) =>
  h(
    'a',
    { href: `#/ticket/${encodeURIComponent(t.partnerTenantId)}/${encodeURIComponent(t.ticketId)}` },
    t.externalRef ?? short(t.ticketId),
  );

/** Tickets: filters, two charts of the tickets shown, and the list (newest first). */
export async function render({ viewer, refresh }) {
  const page = await api(`tickets${query({ ...filters, limit: 200 })}`);
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter tickets' },
    viewer.role === 'admin'
      ? select(
          'partnerTenantId',
          'Partner',
          viewer.partners.map((p) => [p.tenantId, p.name]),
          filters.partnerTenantId,
        )
      : null,
    select(
      'status',
      'Status',
      STATUSES.map((s) => [s, s]),
      filters.status,
    ),
    select(
      'caseState',
      'Case',
      CASE_STATES.map((s) => [s, s]),
      filters.caseState,
    ),
    input('customerTenantId', 'Customer tenant id', filters.customerTenantId, 'aaaaaaaa-…'),
    input('externalRef', 'External ref', filters.externalRef, 'PSA-1001'),
    h('button', { type: 'submit' }, 'Apply'),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          filters = {};
          refresh();
        },
      },
      'Clear',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    refresh();
  });
  const items = page.items;
  const admin = viewer.role === 'admin';
  const partnerName = new Map((viewer.partners ?? []).map((p) => [p.tenantId, p.name]));
  const rows = items.map((t) => [
    ticketLink(t),
    when(t.createdAt),
    ...(admin ? [partnerName.get(t.partnerTenantId) ?? short(t.partnerTenantId)] : []),
    t.customerTenantId,
    `${t.workload}${t.service ? ` · ${t.service}` : ''}`,
    badge(t.status),
    badge(t.decision ?? 'pending', t.decision ?? 'none'),
    t.route?.channel ?? '—',
    t.case?.state ?? '—',
  ]);
  const headers = ['Ticket', 'Created', ...(admin ? ['Partner'] : []), 'Customer', 'Workload', 'Status', 'Decision', 'Channel', 'Case'];
  return h(
    'section',
    { 'aria-labelledby': 'tickets-title' },
    h('h1', { id: 'tickets-title', tabindex: '-1' }, 'Tickets'),
    form,
    h(
      'div',
      { class: 'charts' },
      stackedBars({ title: 'Tickets per day by decision', items, dateOf: (t) => t.createdAt, keyOf: (t) => t.decision ?? 'pending' }),
      stackedBars({
        title: 'Tickets per day by channel',
        items,
        dateOf: (t) => t.createdAt,
        keyOf: (t) => t.route?.channel ?? 'not routed',
      }),
    ),
    table(`${items.length} ticket(s), newest first`, headers, rows, 'no tickets match.'),
    page.nextCursor ? h('p', { class: 'hint' }, 'More tickets match: narrow the filters (the console shows the newest 200).') : null,
  );
}
