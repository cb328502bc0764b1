import { DEMO } from '../../shared/local-host/demo-directory.js';

/** An Azure support request the relay can file for real: Adatum's subscription, with the service and problem ids the API needs. */
export const SERVICE_ID = '/providers/Microsoft.Support/services/06bfd9d3-516b-d5c6-5802-169c800dec89';
export const PROBLEM_ID = `${SERVICE_ID}/problemClassifications/e12e3d1d-7fa0-af33-c6d0-3c50df9658a3`;

export const vmIssue = {
  customerTenantId: DEMO.adatum,
  workload: 'azure',
  subscriptionId: DEMO.adatumAzureSub,
  title: 'VM will not start',
  description: 'Stuck in "starting" since 09:00.',
  severity: 'high',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  azure: { serviceId: SERVICE_ID, problemClassificationId: PROBLEM_ID },
};
