import { api } from './api.js';
import { badge, h, table, when } from './dom.js';
import { ticketLink } from './page-tickets.js';

/** Incidents holding tickets now (known-incident decisions), each with the tickets it holds. */
export async function render() {
  const { incidents } = await api('held');
  return h(
    'section',
    { 'aria-labelledby': 'held-title' },
    h('h1', { id: 'held-title', tabindex: '-1' }, 'Held by incidents'),
    h(
      'p',
      {},
      'A ticket about a service with a known Microsoft incident waits here; it is released (closed, and the tool told) when the incident resolves.',
    ),
    incidents.length === 0 ? h('p', { class: 'empty' }, 'No incident holds a ticket now.') : null,
    incidents.map(({ incident, history, tickets }) =>
      h(
        'section',
        { class: 'incident', 'aria-labelledby': `inc-${incident.id}` },
        h('h2', { id: `inc-${incident.id}` }, `${incident.id}: ${incident.title}`),
        h(
          'p',
          {},
          badge(incident.status, 'held'),
          ` ${incident.service} · source ${incident.source}`,
          history.length ? ` · seen since ${when(history[0].at)}` : '',
        ),
        table(
          `Tickets held by ${incident.id}`,
          ['Ticket', 'Created', 'Customer', 'Workload'],
          tickets.map((t) => [ticketLink(t), when(t.createdAt), t.customerTenantId, `${t.workload}${t.service ? ` · ${t.service}` : ''}`]),
        ),
      ),
    ),
  );
}
