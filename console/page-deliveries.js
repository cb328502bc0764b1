import { api, query } from './api.js';
import { stackedBars } from './charts.js';
import { h, table } from './dom.js';
import { deliveryRows, DELIVERY_HEADERS } from './deliveries-table.js';

const ok = (a) => a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;

/** Webhook deliveries of the last 30 days, failed first, and how delivery attempts went per day. */
export async function render({ refresh }) {
  const { items } = await api(`deliveries${query({})}`);
  const attempts = items.flatMap((d) => d.attempts);
  const failed = items.filter((d) => d.status === 'failed').length;
  return h(
    'section',
    { 'aria-labelledby': 'deliveries-title' },
    h('h1', { id: 'deliveries-title', tabindex: '-1' }, 'Deliveries'),
    h(
      'p',
      {},
      `${items.length} webhook deliveries in the last 30 days; ${failed} failed (all retries spent). Replay sends the same event again.`,
    ),
    stackedBars({
      title: 'Delivery attempts per day: answered 2xx or not',
      items: attempts,
      dateOf: (a) => a.at,
      keyOf: (a) => (ok(a) ? 'delivered' : 'failed attempt'),
    }),
    table('Deliveries, failed first', DELIVERY_HEADERS, deliveryRows(items, refresh), 'no deliveries yet.'),
  );
}
