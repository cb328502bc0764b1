import { DEMO } from '../../shared/local-host/demo-directory.js';

/** A Microsoft 365 request for the demo's Adatum that the demo partner may file (mail delayed in Exchange Online). */
export const mailIssue = {
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  service: 'Exchange Online',
  title: 'Mail delayed',
  description: 'Queued 40 min.',
  severity: 'high',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
};
