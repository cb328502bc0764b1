import { api } from './api.js';
import { badge, h, notify, table, when } from './dom.js';

const KINDS = { halo: 'HaloPSA', connectwise: 'ConnectWise PSA', autotask: 'Autotask' };
const plural = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What became of the company's parked events, in one sentence for the status line. */
function outcome(company, customer, released) {
  const filed = released.filter((r) => !r.stillParked).map((r) => r.ticketId);
  const stuck = released.length - filed.length;
  const what = filed.length
    ? `${plural(filed.length, 'parked event')} filed as ${filed.length === 1 ? 'ticket' : 'tickets'} ${filed.join(', ')}; see the Tickets page`
    : 'nothing was parked for it';
  const left = stuck ? ` ${stuck} still parked: the PSA ticket does not make a valid request (check the connector's maps).` : '';
  return `Company ${company} mapped to ${customer}: ${what}.${left}`;
}

/**
 * One unmapped company's form: a select of the partner's customers in the directory (the relay maps a company to
 * nothing else). Sent as the replay button sends: a JSON POST with the key as a header, never a cookie.
 */
function mappingForm({ partner, connector, company, id, refresh }) {
  if (partner.customers.length === 0)
    return h('p', { class: 'empty' }, 'No customers of this partner in the directory to map to; import or sync the directory first.');
  const errorId = `${id}-error`;
  const control = h(
    'select',
    { id, required: true, 'aria-describedby': errorId },
    h('option', { value: '' }, 'Choose a customer…'),
    partner.customers.map((c) => h('option', { value: c.tenantId }, `${c.name} (${c.tenantId})`)),
  );
  const error = h('p', { id: errorId, class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', 'aria-label': `Map company ${company.companyId}` }, 'Map');
  const customerName = (tenantId) => partner.customers.find((c) => c.tenantId === tenantId)?.name ?? tenantId;

  const submit = async (event) => {
    event.preventDefault();
    const tenantId = control.value.trim();
    if (!tenantId) {
      error.textContent = 'Choose the customer first.';
      control.setAttribute('aria-invalid', 'true');
      control.focus();
      return;
    }
    button.disabled = true;
    error.textContent = '';
    try {
      const result = await api(
        `connectors/${encodeURIComponent(partner.partnerTenantId)}/${encodeURIComponent(connector.connectorId)}/mappings`,
        { method: 'POST', body: { companyId: company.companyId, customerTenantId: tenantId } },
      );
      notify(outcome(company.companyId, customerName(tenantId), result.released));
      await refresh();
    } catch (e) {
      button.disabled = false;
      error.textContent = `Not mapped: ${e.message}`;
      control.setAttribute('aria-invalid', 'true');
      control.focus();
    }
  };
  return h(
    'form',
    { class: 'map-form', novalidate: true, onsubmit: submit },
    h('label', { for: id }, `Customer for company ${company.companyId}`),
    h('div', { class: 'map-row' }, control, button),
    error,
  );
}

function unmappedSection(partner, connector, index, refresh) {
  const titleId = `unmapped-${index}`;
  const heading = h('h3', { id: titleId }, `Unmapped companies of ${connector.name}`);
  if (connector.unmapped.length === 0)
    return h(
      'section',
      { 'aria-labelledby': titleId },
      heading,
      h('p', { class: 'empty' }, 'None: every company that sent a ticket is mapped.'),
    );
  return h(
    'section',
    { 'aria-labelledby': titleId },
    heading,
    table(
      `PSA companies of ${connector.name} with no customer, waiting longest first`,
      ['Company id', 'Name the PSA sent', 'Parked events', 'Waiting since', 'PSA tickets', 'Map to customer'],
      connector.unmapped.map((company, row) => [
        h('code', {}, company.companyId),
        company.companyName ?? '—',
        String(company.parkedEvents),
        when(company.oldestReceivedAt),
        h(
          'ul',
          { class: 'plain' },
          company.events.map((e) => h('li', {}, `${e.psaTicketId}${e.title ? `: ${e.title}` : ''}`)),
        ),
        mappingForm({ partner, connector, company, id: `map-${index}-${row}`, refresh }),
      ]),
    ),
  );
}

/** PSA connectors per partner: what each PSA is sending, and the companies whose tickets wait for a customer mapping. */
export async function render({ refresh }) {
  const { partners } = await api('connectors');
  let index = 0;
  return h(
    'section',
    { 'aria-labelledby': 'connectors-title' },
    h('h1', { id: 'connectors-title', tabindex: '-1' }, 'PSA connectors'),
    h(
      'p',
      {},
      'A ticket from a PSA company no customer is mapped to waits here (parked). Map the company to its customer and the waiting tickets are filed at once, without the PSA sending them again. Connector credentials are never shown: they were given once, when the connector was added.',
    ),
    partners.every((p) => p.connectors.length === 0)
      ? h('p', { class: 'empty' }, 'No PSA connectors yet; an operator adds one with relay connectors add.')
      : null,
    partners
      .filter((p) => p.connectors.length > 0)
      .map((partner) => {
        const titleId = `connectors-${partner.partnerTenantId}`;
        return h(
          'section',
          { 'aria-labelledby': titleId },
          h('h2', { id: titleId }, partner.partnerName),
          table(
            `Connectors of ${partner.partnerName}`,
            ['Name', 'Kind', 'State', 'Webhook URL', 'Mapped companies', 'Parked events'],
            partner.connectors.map((c) => [
              c.name,
              KINDS[c.kind] ?? c.kind,
              badge(c.state, c.state === 'enabled' ? 'ready' : 'failed'),
              h('code', { class: 'url' }, c.webhookUrl),
              String(c.mappedCompanies),
              c.parkedEvents ? badge(String(c.parkedEvents), 'warn') : '0',
            ]),
          ),
          partner.connectors.map((c) => unmappedSection(partner, c, index++, refresh)),
        );
      }),
  );
}
