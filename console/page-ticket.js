import { api } from './api.js';
import { timeline } from './charts.js';
import { badge, h, safeLink, table, when } from './dom.js';
import { deliveryRows, DELIVERY_HEADERS } from './deliveries-table.js';

const item = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];

function reasons(list) {
  if (!list.length) return h('p', {}, 'No reasons: every rule passed.');
  return h(
    'ul',
    { class: 'reasons' },
    list.map((r) =>
      h(
        'li',
        {},
        badge(r.severity),
        ' ',
        h('code', {}, r.code),
        ` ${r.message}`,
        r.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), r.fix) : null,
      ),
    ),
  );
}

function route(r) {
  if (!r) return h('p', {}, 'Not routed yet.');
  return h(
    'dl',
    { class: 'facts' },
    item('Channel', r.channel),
    r.target ? item('Target', r.target) : [],
    r.deepLink ? item('Deep link', safeLink(r.deepLink)) : [],
    r.microsoftTicketId ? item('Microsoft ticket', r.microsoftTicketId) : [],
    r.providerTenantId ? item('Indirect provider', r.providerTenantId) : [],
    r.isv ? item('ISV', r.isv.publisher, r.isv.supportUrl ? [' ', safeLink(r.isv.supportUrl, 'support site')] : []) : [],
    // The hand-off packet or Azure request body: what a person files, exactly as the tool's webhook carries it.
    r.payload
      ? item(
          'Payload',
          h('details', {}, h('summary', {}, 'Show the hand-off packet / request body'), h('pre', {}, JSON.stringify(r.payload, null, 2))),
        )
      : [],
  );
}

/** One ticket: facts, its timeline, reasons with fixes, route, and the webhook deliveries about it. */
export async function render({ params, refresh }) {
  const [partnerTenantId, ticketId] = params;
  const t = await api(`tickets/${encodeURIComponent(partnerTenantId ?? '')}/${encodeURIComponent(ticketId ?? '')}`);
  return h(
    'article',
    { 'aria-labelledby': 'ticket-title' },
    h('p', {}, h('a', { href: '#/tickets' }, '← All tickets')),
    h('h1', { id: 'ticket-title', tabindex: '-1' }, `Ticket ${t.externalRef ?? t.ticketId}`),
    h(
      'dl',
      { class: 'facts' },
      item('Ticket id', h('code', {}, t.ticketId)),
      item('Status', badge(t.status)),
      item('Decision', badge(t.decision ?? 'pending', t.decision ?? 'none')),
      item('Customer', t.customerTenantId),
      item('Workload', `${t.workload}${t.service ? ` · ${t.service}` : ''}`),
      item('Severity', t.severity),
      item('Case', t.case?.state ?? '—', t.case?.microsoftCaseId ? ` (${t.case.microsoftCaseId})` : ''),
      t.incident ? item('Incident', `${t.incident.id}: ${t.incident.title} (${t.incident.status})`) : [],
      item('Created', when(t.createdAt)),
      item('Updated', when(t.updatedAt)),
    ),
    timeline(t.history ?? []),
    h('h2', {}, 'Reasons and fixes'),
    reasons(t.reasons),
    h('h2', {}, 'Route'),
    route(t.route),
    h('h2', {}, 'Deliveries'),
    table('Webhook deliveries for this ticket', DELIVERY_HEADERS, deliveryRows(t.deliveries ?? [], refresh), 'none yet.'),
  );
}
