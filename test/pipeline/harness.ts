import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { expect, inject } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import type { Directory } from '../../shared/domain/directory.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import { submitServiceRequest } from '../../shared/pipeline/intake.js';
import { runStage, type StageResult } from '../../shared/pipeline/run-stage.js';
import { DeadLetterError, type Bus, type OutgoingMessage } from '../../shared/ports/bus.js';
import type { StoredTicket, TicketStore } from '../../shared/ports/ticket-store.js';
import type { Tool } from '../../shared/ports/tool-registry.js';
import { QUEUES } from '../../shared/queues.js';
import { buildRuntime, type Runtime } from '../../shared/runtime.js';
import { ALL_TABLES } from '../../shared/tables.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { scriptedSender, type ScriptedSender } from './scripted-sender.js';

/**
 * The use cases on the suite's Azurite (own table prefix) without a broker: every message a stage sends is kept
 * in `sent`, and `runStage` hands one to its use case as the Functions host would. Tests decide what is
 * delivered, when, and how often.
 */
export interface PipelineHarness {
  runtime: Runtime;
  deps: Deps;
  sent: { queue: string; message: OutgoingMessage }[];
  tool: Tool;
  submit(body: unknown): Promise<string>;
  /** The body of the last message sent to `queue` for the ticket. */
  messageFor(ticketId: string, queue: string): unknown;
  /** Runs eligibility, routing and, when owed, recording: the ticket as it stands once routed (recorded, held, or owing its event). */
  runThrough(ticketId: string): Promise<StoredTicket>;
  /** Runs the stage on the ticket's last message for it (again, when called twice: a redelivery). */
  runStage(ticketId: string, queue: 'eligibility' | 'routing' | 'recording' | 'notifications', deps?: Deps): Promise<StageResult>;
}

/**
 * The relay's tables under `prefix`. ensureTable remembers created tables by account URL, not table name, so a
 * second runtime in the same test process would skip creating its own; tests create them here instead.
 */
export async function createRelayTables(prefix: string): Promise<void> {
  await Promise.all(
    ALL_TABLES.map((t) =>
      TableClient.fromConnectionString(inject('tablesConnection'), `${prefix}${t}`, { allowInsecureConnection: true }).createTable(),
    ),
  );
}

export async function pipelineHarness(options: {
  directory: Directory;
  partnerTenantId: string;
  overrides?: Partial<Deps>;
  env?: Record<string, string>;
  /** The tool's callback URL: a tool with one is owed outcome events (without, a ticket finishes when recorded). */
  callbackUrl?: string;
}): Promise<PipelineHarness> {
  const sent: PipelineHarness['sent'] = [];
  const bus: Bus = {
    send: async (queue, messages) => void sent.push(...messages.map((message) => ({ queue, message }))),
    ping: async () => undefined,
    close: async () => undefined,
  };
  const prefix = `p${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    TABLES_CONNECTION: inject('tablesConnection'),
    RELAY_TABLE_PREFIX: prefix,
    RELAY_EMBEDDED_BROKER: 'true',
    RELAY_ADMIN_KEY: `adm_${randomBytes(16).toString('hex')}`,
    RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  });
  const runtime = buildRuntime(config, { bus, ...options.overrides });
  await createRelayTables(prefix);
  await runtime.directory.replace(options.directory);
  const { tool } = await runtime.deps.tools.add({ partnerTenantId: options.partnerTenantId, name: 'pipeline test tool' });
  if (options.callbackUrl) await runtime.deps.tools.setCallback(tool.toolId, options.callbackUrl);
  const lastSent = (ticketId: string, queue: string) => {
    const found = sent.filter((s) => s.queue === queue && (s.message.body as { ticketId?: string }).ticketId === ticketId).at(-1);
    if (!found) throw new Error(`no ${queue} message was sent for ${ticketId}`);
    return found.message;
  };
  // The broker counts deliveries per message: running the same message again is a redelivery (deliveryCount 2, …).
  const deliveries = new Map<unknown, number>();
  const runStageFor: PipelineHarness['runStage'] = (ticketId, queue, deps = runtime.deps) => {
    const message = lastSent(ticketId, QUEUES[queue]);
    const deliveryCount = (deliveries.get(message) ?? 0) + 1;
    deliveries.set(message, deliveryCount);
    return runStage(deps, queue, message.body, { deliveryCount });
  };
  const stored = async (ticketId: string) => (await runtime.deps.tickets.get(tool.partnerTenantId, ticketId))!;
  return {
    runtime,
    deps: runtime.deps,
    sent,
    tool,
    submit: async (body) => {
      const raw = JSON.stringify(body);
      const result = await submitServiceRequest(runtime.deps, { tool, idempotencyKey: randomBytes(8).toString('hex'), rawBody: raw, body });
      if (result.kind !== 'accepted') throw new Error(`submission not accepted: ${JSON.stringify(result)}`);
      return result.response.ticketId;
    },
    messageFor: (ticketId, queue) => lastSent(ticketId, queue).body,
    runStage: runStageFor,
    runThrough: async (ticketId) => {
      await runStageFor(ticketId, 'eligibility');
      await runStageFor(ticketId, 'routing');
      if ((await stored(ticketId)).ticket.nextStage === 'recording') await runStageFor(ticketId, 'recording');
      return stored(ticketId);
    },
  };
}

/** The dead letter a use case ends in: its reason and description, what an operator reads on the dead-letter queue. */
export async function deadLetterOf(work: Promise<unknown>): Promise<{ reason: string; description: string }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeadLetterError);
  const { reason, description } = error as DeadLetterError;
  return { reason, description };
}

/** The ticket store with some methods replaced: storage that misbehaves in ways Azurite cannot be made to. */
export function withTickets(deps: Deps, replace: Partial<TicketStore>): Deps {
  return { ...deps, tickets: Object.assign(Object.create(deps.tickets) as TicketStore, replace) };
}

/** The ticket store with `advance` failing its first `times` calls (another writer won the race, or storage failed). */
export function advanceFails(deps: Deps, times: number, error: (ticketId: string) => Error): Deps {
  let failures = 0;
  return withTickets(deps, {
    advance: (stored, ...rest) =>
      failures++ < times ? Promise.reject(error(stored.ticket.ticketId)) : deps.tickets.advance(stored, ...rest),
  });
}

/** The demo's Contoso with a tool listening at `https://tool.example/outcomes`, answered by a scripted sender. */
export async function listeningTool(...script: (number | null)[]): Promise<{ h: PipelineHarness; sender: ScriptedSender }> {
  const sender = scriptedSender(...script);
  const h = await pipelineHarness({
    directory: demoDirectory(),
    partnerTenantId: DEMO.direct,
    callbackUrl: 'https://tool.example/outcomes',
    overrides: { webhooks: sender },
  });
  return { h, sender };
}
