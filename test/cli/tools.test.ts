import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { toolCommands } from '../../shared/cli/commands/tools.js';
import { parseArgs, UsageError, type CommandGroup } from '../../shared/cli/context.js';
import { loadConfig } from '../../shared/config.js';
import { buildRuntime, type Runtime } from '../../shared/runtime.js';
import { fakeDns, HOSTILE_URLS, refusedBecause } from '../notifications/support/hostile-urls.js';

const PARTNER = '11111111-1111-4111-8111-111111111111';

describe('relay tools (command functions on suite storage, DNS faked, local callbacks off)', () => {
  let runtime: Runtime;
  let tools: CommandGroup;
  const printed: string[] = [];
  const run = (command: string, ...argv: string[]) => tools[command]!(parseArgs(argv));

  beforeAll(async () => {
    runtime = buildRuntime(
      loadConfig({
        TABLES_CONNECTION: inject('tablesConnection'),
        RELAY_TABLE_PREFIX: `c${randomBytes(5).toString('hex')}`,
        RELAY_EMBEDDED_BROKER: 'true',
        RELAY_ADMIN_KEY: randomBytes(16).toString('hex'),
        RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      }),
    );
    await runtime.ready();
    tools = toolCommands({ runtime: async () => runtime, print: (line) => printed.push(line), resolve: fakeDns() });
  });
  afterAll(() => runtime.deps.bus.close());

  const addTool = async (name: string) => {
    printed.length = 0;
    await run('add', '--partner', PARTNER, '--name', name, '--callback-url', 'https://hooks.partner.example/hook', '--json');
    return JSON.parse(printed[0]!) as {
      toolId: string;
      apiKey: string;
      signingSecret: string;
      callbackSecret: string;
      callbackUrl: string;
    };
  };

  it('when a tool is added with a public https callback, then its secrets are printed once and list shows none of them', async () => {
    const created = await addTool('PSA');
    expect(created.apiKey).toMatch(/^rk_/);
    expect(created.signingSecret).toMatch(/^whsec_/);
    expect(created.callbackSecret).toMatch(/^whsec_/);
    expect(created.callbackUrl).toBe('https://hooks.partner.example/hook');
    printed.length = 0;
    await run('list');
    const line = printed.find((l) => l.startsWith(created.toolId));
    expect(line).toContain('callback=https://hooks.partner.example/hook');
    for (const secret of [created.apiKey, created.signingSecret, created.callbackSecret]) expect(printed.join('\n')).not.toContain(secret);
  });

  it.each(HOSTILE_URLS)(
    'when tools add is given %s (%s), then it is refused for its reason and no tool is written',
    async (_label, url, reason) => {
      const before = (await runtime.deps.tools.list()).length;
      const attempt = run('add', '--partner', PARTNER, '--name', 'PSA', '--callback-url', url);
      await expect(attempt).rejects.toThrow(UsageError);
      await expect(attempt).rejects.toThrow(refusedBecause(reason));
      expect((await runtime.deps.tools.list()).length).toBe(before);
    },
  );

  describe('set-callback', () => {
    let toolId: string;
    beforeAll(async () => void ({ toolId } = await addTool('PSA for set-callback')));

    it.each(HOSTILE_URLS)(
      'when given %s (%s), then it is refused for its reason and the stored callback is unchanged',
      async (_label, url, reason) => {
        await expect(run('set-callback', toolId, url)).rejects.toThrow(refusedBecause(reason));
        expect((await runtime.deps.tools.get(toolId))?.callbackUrl).toBe('https://hooks.partner.example/hook');
      },
    );

    it('when given none, then the callback is removed', async () => {
      await run('set-callback', toolId, 'none');
      expect((await runtime.deps.tools.get(toolId))?.callbackUrl).toBeNull();
      await run('set-callback', toolId, 'https://hooks.partner.example/hook');
    });
  });

  it('when a secret is rotated with an overlap, then the new one is printed and both stay live', async () => {
    const created = await addTool('PSA rotating');
    printed.length = 0;
    await run('rotate-secret', created.toolId, '--callback', '--overlap-hours', '2');
    const secret = /new callback secret: (whsec_\S+) \(the previous one stays valid for 2 h\)/.exec(printed[0]!)?.[1];
    expect(secret).toBeDefined();
    const tool = await runtime.deps.tools.get(created.toolId);
    expect(tool?.callbackSecrets.map((s) => s.value)).toEqual([secret, created.callbackSecret]);
    await expect(run('rotate-secret', created.toolId, '--overlap-hours', 'soon')).rejects.toThrow(UsageError);
  });

  it('when a tool is disabled or its key rotated, then the old credentials no longer find it', async () => {
    const created = await addTool('PSA to disable');
    printed.length = 0;
    await run('rotate-key', created.toolId);
    const apiKey = /new apiKey: (rk_\S+)/.exec(printed[0]!)?.[1];
    expect(await runtime.deps.tools.findByApiKey(created.apiKey)).toBeNull();
    expect((await runtime.deps.tools.findByApiKey(apiKey!))?.toolId).toBe(created.toolId);
    await run('disable', created.toolId);
    expect((await runtime.deps.tools.get(created.toolId))?.disabled).toBe(true);
  });

  it('when a command misses its arguments, then it is a usage error', async () => {
    await expect(run('add', '--name', 'x')).rejects.toThrow(UsageError);
    await expect(run('set-callback')).rejects.toThrow(UsageError);
  });

  it('when set-events names event types, then the tool gets only those; "all" restores every type; unknown types are refused', async () => {
    const created = await addTool('PSA choosing events');
    await run('set-events', created.toolId, 'ticket.recorded,access.at_risk');
    expect((await runtime.deps.tools.get(created.toolId))?.events).toEqual(['access.at_risk', 'ticket.recorded']);
    printed.length = 0;
    await run('list');
    expect(printed.find((l) => l.startsWith(created.toolId))).toContain('events=access.at_risk,ticket.recorded');
    await run('set-events', created.toolId, 'all');
    expect((await runtime.deps.tools.get(created.toolId))?.events).toBeNull();
    await expect(run('set-events', created.toolId, 'ticket.recorded,ticket.exploded')).rejects.toThrow(
      /unknown event type\(s\): ticket.exploded/,
    );
    await expect(run('set-events', created.toolId)).rejects.toThrow(UsageError);
    expect((await runtime.deps.tools.get(created.toolId))?.events).toBeNull();
  });
});
