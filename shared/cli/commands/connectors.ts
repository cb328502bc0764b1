import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { psaApiFor } from '../../adapters/psa/psa-api-for.js';
import { checkCallbackUrl } from '../../adapters/webhooks/ssrf-guard.js';
import {
  CONNECTOR_KINDS,
  connectorWebhookUrl,
  psaCallbackUrl,
  type ConnectorKind,
  type ConnectorSecrets,
  type NewConnector,
} from '../../connectors/connector.js';
import { DEFAULT_KEY_URL_HOSTS } from '../../connectors/inbound/verify.js';
import { severitySchema, workloadSchema } from '../../domain/submission.js';
import { psaHttpOptions, type Runtime } from '../../runtime.js';
import { flag, partnerFlag, readJsonFile, UsageError, type Args, type CommandGroup } from '../context.js';
import { connectorMapCommands } from './connector-maps.js';
import { processIo, type CliIo } from './tools.js';

export const CONNECTORS_USAGE = `relay connectors — PSA connectors (HaloPSA, ConnectWise PSA, Autotask)
  add --kind halo|connectwise|autotask --partner <tenantId> --name <name> --base-url <https url> --default-agent <upn>
      [--severity-map <file.json>] [--workload-map <file.json>] [--public-url <relay url>] [--json]
      halo:        --client-id <id> --client-secret <secret> [--note-outcome <outcome>]
      connectwise: --company <id> --public-key <key> --private-key <key> --client-id <id> [--key-url-host <pattern,…>]
      autotask:    --integration-code <code> --username <user> --secret <secret> [--webhook-secret <SecretKey>]
  list                                   connectors, without credentials
  show <connectorId>                     one connector, its company map and parked events
  disable <connectorId>                  refuse its webhooks and stop its notes
  test <connectorId>                     signs in to the PSA and reports what it sees
  map <connectorId> --company <psaCompanyId> --tenant <customerTenantId>
  map import <connectorId> <file.csv>    company,tenant per line
  map suggest <connectorId>              PSA companies matched to directory customers by name and domain
  unmapped <connectorId>                 events parked until their company is mapped`;

const severityMapSchema = z.record(z.string(), severitySchema);
const workloadMapSchema = z.record(
  z.string(),
  z.strictObject({ workload: workloadSchema, service: z.string().min(1).max(200).optional() }),
);
const secret = () => randomBytes(24).toString('base64url');

/** `relay connectors …`: credentials are printed once by `add` and never again (list, show and errors leave them out). */
export function connectorCommands(io: CliIo = processIo): CommandGroup {
  const need = (args: Args, name: string): string => {
    const value = flag(args, name);
    if (!value) throw new UsageError(`connectors add --kind ${flag(args, 'kind')} needs --${name}\n${CONNECTORS_USAGE}`);
    return value;
  };

  const secretsFor = (kind: ConnectorKind, args: Args): ConnectorSecrets => {
    switch (kind) {
      case 'halo':
        return {
          kind,
          inboundUser: `relay-${randomBytes(4).toString('hex')}`,
          inboundPassword: secret(),
          clientId: need(args, 'client-id'),
          clientSecret: need(args, 'client-secret'),
        };
      case 'connectwise':
        return {
          kind,
          company: need(args, 'company'),
          publicKey: need(args, 'public-key'),
          privateKey: need(args, 'private-key'),
          clientId: need(args, 'client-id'),
        };
      case 'autotask':
        return {
          kind,
          webhookSecret: flag(args, 'webhook-secret') ?? secret(),
          integrationCode: need(args, 'integration-code'),
          username: need(args, 'username'),
          secret: need(args, 'secret'),
        };
    }
  };

  const validBaseUrl = async (url: string, runtime: Runtime) => {
    const verdict = await checkCallbackUrl(url, { ...psaHttpOptions(runtime.config), ...(io.resolve ? { resolve: io.resolve } : {}) });
    if (!verdict.ok) throw new UsageError(`--base-url refused (${verdict.reason}): ${verdict.detail}`);
    return url.replace(/\/+$/, '');
  };

  const add = async (args: Args) => {
    const kind = flag(args, 'kind') as ConnectorKind | undefined;
    if (!kind || !CONNECTOR_KINDS.includes(kind))
      throw new UsageError(`--kind must be one of ${CONNECTOR_KINDS.join(', ')}\n${CONNECTORS_USAGE}`);
    const partner = partnerFlag(args);
    const name = flag(args, 'name');
    const agent = flag(args, 'default-agent');
    const base = flag(args, 'base-url');
    if (!partner || !name || !agent || !base)
      throw new UsageError(`connectors add needs --partner --name --base-url --default-agent\n${CONNECTORS_USAGE}`);
    const secrets = secretsFor(kind, args);
    const runtime = await io.runtime();
    const input: NewConnector = {
      kind,
      partnerTenantId: partner,
      name,
      defaultAgent: agent,
      baseUrl: await validBaseUrl(base, runtime),
      severityMap: optionalFile(args, 'severity-map', severityMapSchema),
      workloadMap: optionalFile(args, 'workload-map', workloadMapSchema),
      ...(kind === 'halo' && flag(args, 'note-outcome') ? { noteOutcome: flag(args, 'note-outcome')! } : {}),
      ...(kind === 'connectwise'
        ? {
            keyUrlHosts: (flag(args, 'key-url-host') ?? DEFAULT_KEY_URL_HOSTS.join(','))
              .split(',')
              .map((h) => h.trim())
              .filter(Boolean),
          }
        : {}),
    };
    const { deps } = runtime;
    const toolFor = async (connectorId: string) =>
      (await deps.tools.add({ partnerTenantId: partner, name: `PSA connector ${name}`, callbackUrl: psaCallbackUrl(connectorId) })).tool
        .toolId;
    const connector = await deps.connectors.add(input, secrets, toolFor);
    const publicUrl = (flag(args, 'public-url') ?? 'http://localhost:7071').replace(/\/+$/, '');
    const out = {
      connectorId: connector.connectorId,
      kind,
      partnerTenantId: partner,
      webhookUrl: connectorWebhookUrl(`${publicUrl}/api`, connector.connectorId),
      ...(secrets.kind === 'halo' ? { webhookUsername: secrets.inboundUser, webhookPassword: secrets.inboundPassword } : {}),
      ...(secrets.kind === 'autotask' ? { webhookSecretKey: secrets.webhookSecret } : {}),
      ...(kind === 'connectwise' ? { keyUrlHosts: connector.keyUrlHosts } : {}),
    };
    if (args.flags.json) io.print(JSON.stringify(out, null, 2));
    else
      io.print(
        Object.entries(out)
          .map(([k, v]) => `${k.padEnd(18)} ${String(v)}`)
          .join('\n') + '\n(credentials are shown only now)',
      );
  };

  const list = async () => {
    const { deps } = await io.runtime();
    for (const c of await deps.connectors.list()) {
      io.print(
        `${c.connectorId}  ${c.kind.padEnd(11)}  partner=${c.partnerTenantId}  ${c.disabled ? 'DISABLED' : 'enabled '}  ${c.baseUrl}  ${c.name}`,
      );
    }
  };

  const show = async (args: Args) => {
    const { deps } = await io.runtime();
    const connector = await mustGet(args, deps.connectors);
    const [mappings, parked] = await Promise.all([
      deps.connectors.mappings(connector.connectorId),
      deps.connectors.parked(connector.connectorId),
    ]);
    io.print(JSON.stringify({ ...connector, companyMap: mappings, parkedEvents: parked.length }, null, 2));
  };

  const disable = async (args: Args) => {
    const { deps } = await io.runtime();
    const connector = await mustGet(args, deps.connectors);
    await deps.connectors.disable(connector.connectorId);
    // Its tool too: notes still owed end as failed deliveries (replayable) instead of retrying for a day.
    await deps.tools.disable(connector.toolId);
    io.print('connector disabled: its webhooks are refused (401) and no more notes are posted');
  };

  const test = async (args: Args) => {
    const runtime = await io.runtime();
    const connector = await mustGet(args, runtime.deps.connectors);
    const { secrets } = (await runtime.deps.connectors.withSecrets(connector.connectorId))!;
    const companies = await psaApiFor(connector, secrets, psaHttpOptions(runtime.config)).companies();
    if (!companies.ok) {
      const r = companies.response;
      throw new UsageError(
        `could not sign in to ${connector.kind} at ${connector.baseUrl}: ${r.kind === 'failed' ? r.error : `HTTP ${r.status}`}`,
      );
    }
    io.print(`signed in to ${connector.kind} at ${connector.baseUrl}: ${companies.value.length} companies visible`);
  };

  return { add, list, show, disable, test, ...connectorMapCommands(io), '--help': async () => io.print(CONNECTORS_USAGE) };
}

async function mustGet(args: Args, store: Runtime['deps']['connectors']) {
  const id = args.positional[0];
  if (!id) throw new UsageError('give the connectorId (relay connectors list)');
  const connector = await store.get(id);
  if (!connector) throw new UsageError(`no connector ${id}; list them with: relay connectors list`);
  return connector;
}

function optionalFile<T extends Record<string, unknown>>(args: Args, name: string, schema: z.ZodType<T>): T {
  const file = flag(args, name);
  return file ? readJsonFile(file, schema, name.replace('-', ' ')) : ({} as T);
}

export const commands = connectorCommands();
