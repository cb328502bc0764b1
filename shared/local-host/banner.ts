import type { DemoCredentials } from './demo-setup.js';
import { DEMO } from './demo-directory.js';

/** What a newcomer needs after `npm start`: where it runs, the demo credentials, and requests to paste. */
export function printBanner(url: string, c: DemoCredentials, created: boolean): void {
  const body = JSON.stringify({
    customerTenantId: DEMO.adatum,
    workload: 'office365',
    service: 'Exchange Online',
    title: 'Mail flow delayed for all users',
    description: 'Outbound mail has been queued for 40 minutes since 09:10 UTC.',
    severity: 'high',
    agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    externalRef: 'PSA-1001',
  });
  const lines = [
    '',
    `CSP Support Relay is running on ${url}`,
    `Operator console: ${url}/console   (sign in with the apiKey below for the partner's view, or the adminKey for every partner)`,
    created ? 'Demo directory loaded and demo tools registered.' : 'Reusing the demo tools registered earlier.',
    'Demo credentials (also in .relay/demo-credentials.json):',
    `  toolId           ${c.toolId}`,
    `  partnerTenantId  ${c.partnerTenantId} (Contoso Cloud Services, direct partner)`,
    `  apiKey           ${c.apiKey}`,
    `  signingSecret    ${c.signingSecret}`,
    `  adminKey         ${c.adminKey}`,
    '',
    'Try it:',
    `  curl -s -X POST ${url}/api/v1/service-requests \\`,
    `    -H "Authorization: Bearer ${c.apiKey}" -H "Content-Type: application/json" \\`,
    `    -H "Idempotency-Key: demo-$(date +%s)" \\`,
    `    -d '${body}'`,
    '',
    `  curl -s ${url}/api/v1/service-requests/<ticketId> -H "Authorization: Bearer ${c.apiKey}"`,
    `  curl -s -X POST ${url}/api/v1/service-requests/<ticketId>/case -H "Authorization: Bearer ${c.apiKey}" \\`,
    `    -H "Content-Type: application/json" -d '{"microsoftCaseId":"7004123456"}'   # after filing in the admin center`,
    `  curl -s ${url}/api/v1/customers/${DEMO.fourthCoffee}/readiness -H "Authorization: Bearer ${c.apiKey}"   # can we file?`,
    `  curl -s ${url}/demo/receiver          # webhooks the demo tool received, signatures checked`,
    `  curl -s ${url}/api/v1/health`,
    '',
    'Other demo customers: Litware (expired GDAP) ' +
      DEMO.litware +
      ', Tailspin (marketplace, productId contoso-backup-365) ' +
      DEMO.tailspin +
      ',',
    `  Adatum Azure subscription ${DEMO.adatumAzureSub}; your own tenant ${DEMO.direct} (own-support plan).`,
    'Real-world GDAP setups (same request, change customerTenantId / workload / agent):',
    `  Fourth Coffee ${DEMO.fourthCoffee}: relationship awaiting the customer's approval → GDAP_PENDING_APPROVAL`,
    `  Proseware ${DEMO.proseware}: only Exchange Administrator → office365 files; "workload":"dynamics" → Power Platform admin center`,
    `  agent lee@contoso-cloud.example (in a group nested in the support group) → files for Adatum like dana`,
    `  Wingtip ${DEMO.wingtip} is another partner's customer → the same CUSTOMER_NOT_FOUND as a made-up tenant id`,
    'Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}

/** `npm start` against storage that is not the local Azurite: it serves, but loads no demo and allows no loopback callbacks. */
export function printRealStorageBanner(url: string): void {
  console.log(
    [
      '',
      `CSP Support Relay is running on ${url}`,
      `Operator console: ${url}/console   (sign in with a tool's API key or RELAY_ADMIN_KEY)`,
      'Storage is not the local Azurite (TABLES_CONNECTION / TABLES_ACCOUNT_URL points elsewhere), so no demo directory or demo',
      'tools were written and loopback callback URLs are refused. Register tools with: relay tools add --partner <tenantId> --name <name>',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}
