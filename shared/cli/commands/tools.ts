import { checkCallbackUrl } from '../../adapters/webhooks/ssrf-guard.js';
import { cliRuntime, flag, UsageError, type Args, type Command } from '../context.js';

/** `relay tools …`: register and manage partner tools. New secrets are printed once and never again. */
async function validCallback(url: string, allowLocal: boolean): Promise<string> {
  const verdict = await checkCallbackUrl(url, { allowLocal });
  if (!verdict.ok) throw new UsageError(`callback URL refused (${verdict.reason}): ${verdict.detail}`);
  return url;
}

const add: Command = async (args: Args) => {
  const partner = flag(args, 'partner');
  const name = flag(args, 'name');
  if (!partner || !name) throw new UsageError('tools add needs --partner <tenantId> --name <name>');
  const { deps, config } = await cliRuntime();
  const url = flag(args, 'callback-url');
  const callbackUrl = url ? await validCallback(url, config.RELAY_ALLOW_LOCAL_CALLBACKS) : null;
  const created = await deps.tools.add({ partnerTenantId: partner, name, callbackUrl });
  const out = {
    toolId: created.tool.toolId,
    partnerTenantId: partner,
    apiKey: created.apiKey,
    signingSecret: created.signingSecret,
    callbackSecret: created.callbackSecret,
    callbackUrl,
  };
  if (args.flags.json) console.log(JSON.stringify(out, null, 2));
  else console.log(Object.entries(out).map(([k, v]) => `${k.padEnd(16)} ${v ?? '-'}`).join('\n') + '\n(secrets are shown only now)');
};

const list: Command = async () => {
  const { deps } = await cliRuntime();
  for (const t of await deps.tools.list()) {
    console.log(`${t.toolId}  partner=${t.partnerTenantId}  ${t.disabled ? 'DISABLED' : 'enabled '}  callback=${t.callbackUrl ?? '-'}  ${t.name}`);
  }
};

const needTool = (args: Args) => {
  const id = args.positional[0];
  if (!id) throw new UsageError('give the toolId');
  return id;
};

const rotateKey: Command = async (args) => {
  const { deps } = await cliRuntime();
  console.log(`new apiKey: ${await deps.tools.rotateKey(needTool(args))} (the old key stops working now)`);
};

const rotateSecret: Command = async (args) => {
  const { deps, config } = await cliRuntime();
  const which = args.flags.callback ? 'callback' : 'signing';
  const hours = Number(flag(args, 'overlap-hours') ?? config.SECRET_ROTATION_OVERLAP_HOURS);
  const secret = await deps.tools.rotateSecret(needTool(args), which, hours);
  console.log(`new ${which} secret: ${secret} (the previous one stays valid for ${hours} h)`);
};

const setCallback: Command = async (args) => {
  const { deps, config } = await cliRuntime();
  const url = args.positional[1];
  if (!url) throw new UsageError('tools set-callback <toolId> <url|none>');
  await deps.tools.setCallback(needTool(args), url === 'none' ? null : await validCallback(url, config.RELAY_ALLOW_LOCAL_CALLBACKS));
  console.log('callback updated');
};

const disable: Command = async (args) => {
  const { deps } = await cliRuntime();
  await deps.tools.disable(needTool(args));
  console.log('tool disabled: its API key and signatures are refused from now on');
};

export const commands = { add, list, 'rotate-key': rotateKey, 'rotate-secret': rotateSecret, 'set-callback': setCallback, disable };
