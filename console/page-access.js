import { api } from './api.js';
import { badge, h, table } from './dom.js';

/** Customers whose access would make filing fail (the access watch's findings), at-risk customers first. */
export async function render() {
  const { partners } = await api('access');
  return h(
    'section',
    { 'aria-labelledby': 'access-title' },
    h('h1', { id: 'access-title', tabindex: '-1' }, 'Access at risk'),
    h(
      'p',
      {},
      'GDAP relationships ending or awaiting approval, missing roles or agents, Azure subscriptions without a support-capable role: what to fix before a ticket needs it.',
    ),
    partners.map((p) => {
      const atRisk = p.customers.filter((c) => c.findings.length > 0).length;
      return h(
        'section',
        { 'aria-labelledby': `access-${p.partnerTenantId}` },
        h('h2', { id: `access-${p.partnerTenantId}` }, `${p.partnerName}: ${atRisk} of ${p.customers.length} customer(s) at risk`),
        table(
          `Customers of ${p.partnerName}`,
          ['Customer', 'Tenant', 'Findings', 'Fix'],
          p.customers.map((c) => [
            c.customerName,
            c.customerTenantId,
            c.findings.length
              ? h(
                  'ul',
                  {},
                  c.findings.map((f) =>
                    h('li', {}, badge(f.code, 'warn'), f.subscriptionId ? ` subscription ${f.subscriptionId}` : '', ` ${f.message}`),
                  ),
                )
              : badge('ready'),
            c.findings.length
              ? h(
                  'ul',
                  {},
                  c.findings.filter((f) => f.fix).map((f) => h('li', {}, f.fix)),
                )
              : '—',
          ]),
          'no related customers in the directory.',
        ),
      );
    }),
  );
}
