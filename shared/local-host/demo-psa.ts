import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { connectorWebhookUrl, psaCallbackUrl, type ConnectorSecrets } from '../connectors/connector.js';
import type { Deps } from '../pipeline/deps.js';
import { DEMO } from './demo-directory.js';
import { FakePsa } from './fake-psa/fake-psa.js';
import { projectRoot, relayDir } from './local-settings.js';

export interface DemoPsa {
  connectorId: string;
  webhookUsername: string;
  webhookPassword: string;
  clientId: string;
  clientSecret: string;
}

const PREFIX = '/demo/psa/halo';
/** The recorded Halo webhook the demo plays (its source is named in the fixture). */
const FIXTURE = join(projectRoot(), 'test', 'fixtures', 'psa', 'halo-ticket-logged.json');

/**
 * A fake HaloPSA inside the local host (`/demo/psa/halo/…`: token, actions, clients) and `GET /demo/psa`, the notes it
 * received — what a technician would see on the Halo ticket.
 */
export function createDemoPsaRoutes() {
  const fake = new FakePsa('halo', { halo: { clientId: '', clientSecret: '' } }, PREFIX);
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): boolean => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/demo/psa' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'halo', notes: fake.notes.slice(-100) }, null, 2));
      return true;
    }
    return fake.handle(req, res, body);
  };
  return { fake, handle };
}

/**
 * First start: registers a Halo connector for the demo partner against the fake, maps Halo client 12 to Adatum and
 * writes the webhook body to .relay/demo-halo-webhook.json. Later starts reuse it while it exists in storage.
 */
export async function ensureDemoPsa(deps: Deps, hostUrl: string, fake: FakePsa): Promise<{ demo: DemoPsa; webhookFile: string }> {
  const file = join(relayDir(), 'demo-psa.json');
  const webhookFile = join(relayDir(), 'demo-halo-webhook.json');
  let demo: DemoPsa | null = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoPsa) : null;
  if (!demo || !(await deps.connectors.get(demo.connectorId))) {
    const secrets: Extract<ConnectorSecrets, { kind: 'halo' }> = {
      kind: 'halo',
      inboundUser: 'relay-demo',
      inboundPassword: randomBytes(18).toString('base64url'),
      clientId: 'demo-halo-client',
      clientSecret: randomBytes(18).toString('base64url'),
    };
    const connector = await deps.connectors.add(
      {
        kind: 'halo',
        partnerTenantId: DEMO.direct,
        name: 'Demo HaloPSA',
        baseUrl: `${hostUrl}${PREFIX}`,
        defaultAgent: 'dana@contoso-cloud.example',
        severityMap: {},
        workloadMap: {},
      },
      secrets,
      async (id) =>
        (await deps.tools.add({ partnerTenantId: DEMO.direct, name: 'PSA connector Demo HaloPSA', callbackUrl: psaCallbackUrl(id) })).tool
          .toolId,
    );
    await deps.connectors.mapCompany(connector.connectorId, '12', DEMO.adatum);
    await parkDemoTicket(hostUrl, connector.connectorId, secrets);
    demo = {
      connectorId: connector.connectorId,
      webhookUsername: secrets.inboundUser,
      webhookPassword: secrets.inboundPassword,
      clientId: secrets.clientId,
      clientSecret: secrets.clientSecret,
    };
    writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  }
  fake.credentials.halo = { clientId: demo.clientId, clientSecret: demo.clientSecret };
  const { body } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { body: unknown };
  writeFileSync(webhookFile, JSON.stringify(body, null, 2));
  return { demo, webhookFile };
}

/** The Halo client the demo leaves unmapped: its ticket waits on the console's PSA connectors page. */
export const DEMO_UNMAPPED = { companyId: '21', companyName: 'Proseware, Inc.', psaTicketId: '40290' };

/**
 * Plays one Halo webhook for a client no customer is mapped to, as Halo would (Basic credentials, over HTTP), so the
 * connectors page has a parked ticket to map on first start.
 */
async function parkDemoTicket(hostUrl: string, connectorId: string, secrets: Extract<ConnectorSecrets, { kind: 'halo' }>) {
  const { body } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { body: { ticket: Record<string, unknown> } };
  const ticket = {
    ...body.ticket,
    id: Number(DEMO_UNMAPPED.psaTicketId),
    client_id: Number(DEMO_UNMAPPED.companyId),
    client_name: DEMO_UNMAPPED.companyName,
    summary: 'Shared mailbox stopped receiving mail',
  };
  const res = await fetch(connectorWebhookUrl(`${hostUrl}/api`, connectorId), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${secrets.inboundUser}:${secrets.inboundPassword}`).toString('base64')}`,
    },
    body: JSON.stringify({ ...body, ticket }),
  });
  if (res.status !== 202) throw new Error(`the demo Halo webhook was not parked: HTTP ${res.status} ${await res.text()}`);
}

/** The lines `npm start` prints for the PSA demo. */
export function demoPsaBanner(url: string, demo: DemoPsa, webhookFile: string): string[] {
  return [
    'PSA connector demo (a fake HaloPSA inside this host):',
    `  curl -s -X POST ${connectorWebhookUrl(`${url}/api`, demo.connectorId)} -u '${demo.webhookUsername}:${demo.webhookPassword}' \\`,
    `    -H "Content-Type: application/json" --data-binary @${webhookFile}   # a Halo "ticket logged" webhook; again → duplicate`,
    `  curl -s ${url}/demo/psa               # the internal notes the relay wrote back on the Halo ticket`,
    `  Console, PSA connectors page: Halo client ${DEMO_UNMAPPED.companyId} (${DEMO_UNMAPPED.companyName}) is not mapped yet, so its ticket is parked;`,
    '    map it to its customer there and the ticket is filed without Halo sending it again',
    '',
  ];
}
