import { api } from './api.js';
import { badge, h, notify, short, when } from './dom.js';

export const DELIVERY_HEADERS = ['Status', 'Event', 'Ticket', 'Attempts', 'Last answer', 'Updated', 'Action'];

function lastAnswer(d) {
  const last = d.attempts[d.attempts.length - 1];
  if (!last) return '—';
  return last.statusCode !== null ? `HTTP ${last.statusCode}` : (last.error ?? 'no answer');
}

async function replay(d, button, refresh) {
  button.disabled = true;
  notify(`Replaying ${d.type} (${d.eventId})…`);
  try {
    const after = await api(`deliveries/${encodeURIComponent(d.partnerTenantId)}/${encodeURIComponent(d.eventId)}/replay`, {
      method: 'POST',
    });
    notify(`Replayed ${after.type}: now ${after.status} (${lastAnswer(after)}).`);
  } catch (error) {
    notify(`Not replayed: ${error.message}`, true);
  }
  await refresh();
}

/** Table rows for deliveries; a failed one gets a Replay button (same event id, so a receiver can drop a copy). */
export function deliveryRows(deliveries, refresh) {
  return deliveries.map((d) => {
    const action =
      d.status === 'failed'
        ? h(
            'button',
            {
              type: 'button',
              'aria-label': `Replay ${d.type} for ${d.ticketId ?? 'the partner'}`,
              onclick: (e) => replay(d, e.currentTarget, refresh),
            },
            'Replay',
          )
        : '—';
    const ticket = d.ticketId
      ? h('a', { href: `#/ticket/${encodeURIComponent(d.partnerTenantId)}/${encodeURIComponent(d.ticketId)}` }, short(d.ticketId))
      : 'partner event';
    return [badge(d.status), d.type, ticket, String(d.attempts.length), lastAnswer(d), when(d.updatedAt), action];
  });
}
