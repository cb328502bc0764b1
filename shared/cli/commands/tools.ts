import { checkCallbackUrl, type ResolveHost } from '../../adapters/webhooks/ssrf-guard.js';
import { EVENT_TYPES, type EventType } from '../../domain/ticket.js';
import type { Runtime } from '../../runtime.js';
import { cliRuntime, flag, partnerFlag, UsageError, type Args, type CommandGroup } from '../context.js';

/** What a command group needs from its process; tests pass their own runtime, DNS and output. */
export interface CliIo {
  runtime(): Promise<Runtime>;
  print(line: string): void;
  /** DNS for the callback URL check; the system resolver when absent. */
  resolve?: ResolveHost;
}

export const processIo: CliIo = { runtime: cliRuntime, print: (line) => console.log(line) };

/**
 * `relay tools …`: register and manage partner tools. New secrets are printed once and never again. Callback URLs
 * pass the SSRF guard before anything is written (the sender checks them again on every attempt).
 */
export function toolCommands(io: CliIo = processIo): CommandGroup {
  const validCallback = async (url: string, runtime: Runtime): Promise<string> => {
    const verdict = await checkCallbackUrl(url, {
      allowLocal: runtime.config.RELAY_ALLOW_LOCAL_CALLBACKS,
      allowedPorts: runtime.config.RELAY_CALLBACK_PORTS,
      ...(io.resolve ? { resolve: io.resolve } : {}),
    });
    if (!verdict.ok) throw new UsageError(`callback URL refused (${verdict.reason}): ${verdict.detail}`);
    return url;
  };

  const add = async (args: Args) => {
    const partner = partnerFlag(args);
    const name = flag(args, 'name');
    if (!partner || !name) throw new UsageError('tools add needs --partner <tenantId> --name <name>');
    const runtime = await io.runtime();
    const url = flag(args, 'callback-url');
    const callbackUrl = url ? await validCallback(url, runtime) : null;
    const created = await runtime.deps.tools.add({ partnerTenantId: partner, name, callbackUrl });
    const out = {
      toolId: created.tool.toolId,
      partnerTenantId: partner,
      apiKey: created.apiKey,
      signingSecret: created.signingSecret,
      callbackSecret: created.callbackSecret,
      callbackUrl,
    };
    if (args.flags.json) io.print(JSON.stringify(out, null, 2));
    else
      io.print(
        Object.entries(out)
          .map(([k, v]) => `${k.padEnd(16)} ${v ?? '-'}`)
          .join('\n') + '\n(secrets are shown only now)',
      );
  };

  const list = async () => {
    const { deps } = await io.runtime();
    for (const t of await deps.tools.list()) {
      const events = t.events ? t.events.join(',') : 'all';
      io.print(
        `${t.toolId}  partner=${t.partnerTenantId}  ${t.disabled ? 'DISABLED' : 'enabled '}  callback=${t.callbackUrl ?? '-'}  events=${events}  ${t.name}`,
      );
    }
  };

  const rotateKey = async (args: Args) => {
    const toolId = needTool(args);
    const { deps } = await io.runtime();
    io.print(`new apiKey: ${await deps.tools.rotateKey(toolId)} (the old key stops working now)`);
  };

  const rotateSecret = async (args: Args) => {
    const toolId = needTool(args);
    const { deps, config } = await io.runtime();
    const which = args.flags.callback ? 'callback' : 'signing';
    const hours = Number(flag(args, 'overlap-hours') ?? config.SECRET_ROTATION_OVERLAP_HOURS);
    if (!Number.isFinite(hours) || hours < 0) throw new UsageError('--overlap-hours must be a number of hours, 0 or more');
    const secret = await deps.tools.rotateSecret(toolId, which, hours);
    io.print(`new ${which} secret: ${secret} (the previous one stays valid for ${hours} h)`);
  };

  const setCallback = async (args: Args) => {
    const toolId = needTool(args);
    const url = args.positional[1];
    if (!url) throw new UsageError('tools set-callback <toolId> <url|none>');
    const runtime = await io.runtime();
    await runtime.deps.tools.setCallback(toolId, url === 'none' ? null : await validCallback(url, runtime));
    io.print(url === 'none' ? 'callback removed: outcomes stay on the status API only' : 'callback updated');
  };

  const disable = async (args: Args) => {
    const toolId = needTool(args);
    const { deps } = await io.runtime();
    await deps.tools.disable(toolId);
    io.print('tool disabled: its API key and signatures are refused from now on');
  };

  const setEvents = async (args: Args) => {
    const toolId = needTool(args);
    const events = parseEventList(args.positional[1]);
    const { deps } = await io.runtime();
    await deps.tools.setEvents(toolId, events);
    io.print(events === null ? 'the tool now gets every event type' : `the tool now gets: ${events.join(', ')}`);
  };

  return {
    add,
    list,
    'rotate-key': rotateKey,
    'rotate-secret': rotateSecret,
    'set-callback': setCallback,
    disable,
    'set-events': setEvents,
  };
}

/** `all`, or a comma-separated list of known event types (docs/openapi.json (webhooks)); anything else is a usage error naming them. */
export function parseEventList(value: string | undefined): EventType[] | null {
  if (!value) throw new UsageError(`tools set-events <toolId> <type,…|all>; types: ${EVENT_TYPES.join(', ')}`);
  if (value.trim() === 'all') return null;
  const asked = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = asked.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0 || asked.length === 0)
    throw new UsageError(`unknown event type(s): ${unknown.join(', ') || '(none given)'}; known: ${EVENT_TYPES.join(', ')}`);
  return asked as EventType[];
}

function needTool(args: Args): string {
  const id = args.positional[0];
  if (!id) throw new UsageError('give the toolId');
  return id;
}

export const commands = toolCommands();
