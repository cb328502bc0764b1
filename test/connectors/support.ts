import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { connectorCommands } from '../../shared/cli/commands/connectors.js';
import { deliveryCommands } from '../../shared/cli/commands/deliveries.js';
import { parseArgs, type CommandGroup } from '../../shared/cli/context.js';
import type { ConnectorKind } from '../../shared/connectors/connector.js';
import { autotaskSignature, connectWiseSignature } from '../../shared/connectors/inbound/verify.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { FakePsa } from '../../shared/local-host/fake-psa/fake-psa.js';
import { FAKE_CW_KEY_PATH } from '../../shared/local-host/fake-psa/connectwise-routes.js';
import type { Delivery } from '../../shared/ports/delivery-log.js';
import { viewTicket } from '../../shared/pipeline/ticket-queries.js';
import { FakeTime } from '../notifications/support/fake-time.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** The PSA credentials the tests use: long, distinctive values, so a grep for them finds any leak. */
export const CREDS = {
  halo: { clientId: 'halo-client-7c1d9e', clientSecret: 'HALO-CLIENT-SECRET-5f0a8b6c3e2d1f4a' },
  connectwise: {
    company: 'contosocloud',
    publicKey: 'CW-PUBLIC-KEY-91ab33',
    privateKey: 'CW-PRIVATE-KEY-0d7e55c2a9',
    clientId: 'cw-client-4be2',
    signingKey: 'CW-SIGNING-KEY-6a2f9c81d4',
  },
  autotask: {
    integrationCode: 'AT-INTEGRATION-CODE-3c9e',
    username: 'api@contoso.example',
    secret: 'AT-API-SECRET-8d41f2b7e0',
    webhookSecret: 'AT-WEBHOOK-SECRET-2b9d6e4f',
  },
};

export const fixture = (name: string) =>
  (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'psa', name), 'utf8')) as { body: Record<string, unknown> }).body;

export interface AddedConnector {
  connectorId: string;
  webhookUrl: string;
  webhookUsername?: string;
  webhookPassword?: string;
  webhookSecretKey?: string;
}

/**
 * The real local host (all functions, embedded broker, suite Azurite) with one fake clock, the demo directory, the
 * CLI's command functions bound to the host's own runtime, and one fake PSA per kind. Every host log line is kept.
 */
export function connectorRelayForFile(options: { env?: Record<string, string> } = {}) {
  const state = {} as {
    relay: TestRelay;
    time: FakeTime;
    fakes: Record<ConnectorKind, FakePsa>;
    cli: CommandGroup;
    deliveries: CommandGroup;
    printed: string[];
    logs: string[];
  };
  beforeAll(async () => {
    state.time = new FakeTime(new Date());
    state.logs = [];
    state.printed = [];
    state.relay = await startTestRelay({
      broker: { now: state.time.now, timers: state.time.timers },
      overrides: {
        clock: state.time.clock,
        settings: {
          cloud: 'public',
          rateLimitPerMinute: 600,
          random: () => 0.5,
          filingReminderHours: { sevA: 4, other: 24 },
          azureFollowUpMinutes: 30,
        },
      },
      log: (line) => state.logs.push(line),
      ...(options.env ? { env: options.env } : {}),
    });
    await state.relay.importDirectory(demoDirectory(state.time.clock.now()));
    const io = { runtime: async () => state.relay.host.runtime, print: (line: string) => state.printed.push(line) };
    state.cli = connectorCommands(io);
    state.deliveries = deliveryCommands(io);
    state.fakes = {
      halo: await new FakePsa('halo', { halo: CREDS.halo }).start(),
      connectwise: await new FakePsa('connectwise', { connectwise: CREDS.connectwise }).start(),
      autotask: await new FakePsa('autotask', { autotask: CREDS.autotask }).start(),
    };
  });
  afterAll(async () => {
    await state.relay?.stop();
    await Promise.all(Object.values(state.fakes ?? {}).map((f) => f.stop()));
  });

  const run = async (group: CommandGroup, argv: string[]): Promise<string[]> => {
    state.printed.length = 0;
    const [command, ...rest] = argv;
    await group[command!]!(parseArgs(rest));
    return [...state.printed];
  };

  const addConnector = async (kind: ConnectorKind, extra: string[] = []): Promise<AddedConnector> => {
    const creds: Record<ConnectorKind, string[]> = {
      halo: ['--client-id', CREDS.halo.clientId, '--client-secret', CREDS.halo.clientSecret],
      connectwise: [
        '--company',
        CREDS.connectwise.company,
        '--public-key',
        CREDS.connectwise.publicKey,
        '--private-key',
        CREDS.connectwise.privateKey,
        '--client-id',
        CREDS.connectwise.clientId,
        '--key-url-host',
        '127.0.0.1',
      ],
      autotask: [
        '--integration-code',
        CREDS.autotask.integrationCode,
        '--username',
        CREDS.autotask.username,
        '--secret',
        CREDS.autotask.secret,
        '--webhook-secret',
        CREDS.autotask.webhookSecret,
      ],
    };
    const out = await run(state.cli, [
      'add',
      '--kind',
      kind,
      '--partner',
      DEMO.direct,
      '--name',
      `${kind} test`,
      '--base-url',
      state.fakes[kind].url,
      '--default-agent',
      'dana@contoso-cloud.example',
      '--public-url',
      state.relay.url,
      '--json',
      ...creds[kind],
      ...extra,
    ]);
    return JSON.parse(out.join('\n')) as AddedConnector;
  };

  /** The native webhook as the PSA would send it: Halo's Basic credentials, ConnectWise's or Autotask's signature. */
  const post = (
    kind: ConnectorKind,
    connector: AddedConnector,
    body: unknown,
    tamper: 'none' | 'bad-credential' = 'none',
  ): Promise<Response> => {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const bad = tamper === 'bad-credential';
    if (kind === 'halo')
      headers.authorization = `Basic ${Buffer.from(`${connector.webhookUsername}:${bad ? 'wrong-password' : connector.webhookPassword}`).toString('base64')}`;
    if (kind === 'connectwise')
      headers['x-content-signature'] = connectWiseSignature(bad ? 'not-the-key' : CREDS.connectwise.signingKey, raw);
    if (kind === 'autotask')
      headers['x-hook-signature'] = `sha1=${autotaskSignature(bad ? 'not-the-secret' : CREDS.autotask.webhookSecret, raw)}`;
    return fetch(connector.webhookUrl, { method: 'POST', headers, body: raw });
  };

  /** The recorded webhook of a kind, with its PSA ticket id (and ConnectWise key_url pointing at the fake). */
  const webhook = (
    kind: ConnectorKind,
    psaTicketId: number,
    keyUrl = `${state.fakes.connectwise.url}${FAKE_CW_KEY_PATH}`,
  ): Record<string, unknown> => {
    if (kind === 'halo') {
      const body = fixture('halo-ticket-logged.json');
      return { ...body, ticket: { ...(body.ticket as object), id: psaTicketId } };
    }
    if (kind === 'connectwise') {
      const body = fixture('connectwise-ticket-added.json');
      const entity = JSON.parse(body.Entity as string) as Record<string, unknown>;
      return { ...body, ID: psaTicketId, Entity: JSON.stringify({ ...entity, id: psaTicketId }), Metadata: { key_url: keyUrl } };
    }
    const body = fixture('autotask-ticket-create.json');
    return { ...body, Id: psaTicketId };
  };

  const ticketsFor = async (psaTicketId: string) => {
    const page = await state.relay.deps.tickets.list(DEMO.direct, { externalRef: psaTicketId, limit: 10 });
    return page.items;
  };

  const view = async (ticketId: string) => {
    const found = await viewTicket(state.relay.deps, DEMO.direct, ticketId);
    expect(found).not.toBeNull();
    return found!;
  };

  const deliveryOf = async (ticketId: string): Promise<Delivery> => {
    const [found] = await state.relay.deps.deliveries.forTicket(DEMO.direct, ticketId);
    if (!found) throw new Error(`no delivery for ${ticketId}`);
    return found;
  };

  const runNextAttempt = async (ticketId: string): Promise<Delivery> => {
    const { nextAttemptAt } = await deliveryOf(ticketId);
    if (!nextAttemptAt) throw new Error(`delivery for ${ticketId} has no next attempt`);
    state.time.advanceTo(new Date(nextAttemptAt));
    await state.relay.drain();
    return deliveryOf(ticketId);
  };

  return { state, run, addConnector, post, webhook, ticketsFor, view, deliveryOf, runNextAttempt };
}
