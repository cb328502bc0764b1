import { api, query } from './api.js';
import { h, notify, table, when } from './dom.js';

const QUEUES = ['service-requests', 'eligibility', 'routing', 'recording', 'notifications'];
let current = QUEUES[0];

async function replay(refresh, messageId) {
  try {
    const { replayed } = await api(`dead-letters/${encodeURIComponent(current)}/replay`, {
      method: 'POST',
      body: messageId ? { messageId } : {},
    });
    notify(`Re-sent ${replayed} message(s) to ${current}.`);
  } catch (error) {
    notify(`Not re-sent: ${error.message}`, true);
  }
  await refresh();
}

/** Dead-letter queues (admin key): what the pipeline gave up on, and a way to send it again after a fix. */
export async function render({ refresh }) {
  const { messages } = await api(`dead-letters/${encodeURIComponent(current)}${query({ max: 200 })}`);
  const picker = h(
    'select',
    {
      id: 'queue',
      onchange: (e) => {
        current = e.currentTarget.value;
        refresh();
      },
    },
    QUEUES.map((q) => h('option', { value: q, selected: q === current }, q)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'dlq-title' },
    h('h1', { id: 'dlq-title', tabindex: '-1' }, 'Dead letters'),
    h(
      'div',
      { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'queue' }, 'Queue'), picker),
      messages.length ? h('button', { type: 'button', onclick: () => replay(refresh) }, `Replay all ${messages.length}`) : null,
    ),
    table(
      `Dead-lettered messages in ${current}`,
      ['Message', 'Reason', 'Description', 'Enqueued', 'Deliveries', 'Action'],
      messages.map((m) => [
        h('code', {}, m.messageId),
        m.deadLetterReason ?? '—',
        m.deadLetterErrorDescription ?? '—',
        when(m.enqueuedTimeUtc),
        String(m.deliveryCount),
        h('button', { type: 'button', 'aria-label': `Replay ${m.messageId}`, onclick: () => replay(refresh, m.messageId) }, 'Replay'),
      ]),
      'empty.',
    ),
  );
}
