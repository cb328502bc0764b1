import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { commands as access } from '../../shared/cli/commands/access.js';
import { commands as tickets } from '../../shared/cli/commands/tickets.js';
import { parseArgs, UsageError } from '../../shared/cli/context.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** The operator CLI pointed at a running relay's tables (same Azurite, same table prefix). */
describe('relay tickets list --case-state and relay access report', () => {
  let relay: TestRelay;
  let printed: string[] = [];
  let ticketId = '';

  beforeAll(async () => {
    relay = await startTestRelay();
    await relay.importDirectory(demoDirectory());
    const tool = await relay.addTool(DEMO.direct);
    const res = await relay.submit(tool.apiKey, {
      customerTenantId: DEMO.adatum,
      workload: 'office365',
      title: 'Mail',
      description: 'Delayed.',
      agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    });
    ticketId = ((await res.json()) as { ticketId: string }).ticketId;
    await relay.drain();
    vi.stubEnv('TABLES_CONNECTION', inject('tablesConnection'));
    vi.stubEnv('RELAY_TABLE_PREFIX', relay.host.runtime.config.RELAY_TABLE_PREFIX ?? '');
    vi.stubEnv('RELAY_STATE_DIR', mkdtempSync(join(tmpdir(), 'relay-cli-')));
    vi.stubEnv('RELAY_ADMIN_KEY', `adm_${randomBytes(16).toString('hex')}`);
    vi.stubEnv('RELAY_ENCRYPTION_KEY', randomBytes(32).toString('base64'));
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await relay.stop();
  });

  it('when tickets are listed by case state, then the awaiting-filing ticket is listed there and not under filed', async () => {
    printed = [];
    await tickets.list(parseArgs(['--partner', DEMO.direct, '--case-state', 'awaiting-filing']));
    expect(printed.find((l) => l.startsWith(ticketId))).toContain('case=awaiting-filing');
    printed = [];
    await tickets.list(parseArgs(['--partner', DEMO.direct, '--case-state', 'filed']));
    expect(printed.some((l) => l.startsWith(ticketId))).toBe(false);
    await expect(tickets.list(parseArgs(['--partner', DEMO.direct, '--case-state', 'lost']))).rejects.toThrow(
      /--case-state: must be one of awaiting-filing, filed, closed/,
    );
    await expect(tickets.list(parseArgs(['--partner', 'contoso']))).rejects.toThrow(UsageError);
  });

  it('when the access report is printed as CSV, then at-risk customers come first with their finding, ready ones after', async () => {
    printed = [];
    await access.report!(parseArgs(['--partner', DEMO.direct, '--format', 'csv']));
    const lines = printed.join('\n').split('\n');
    expect(lines[0]).toBe('customerTenantId,customerName,finding,subscriptionId,fix');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${DEMO.litware},Litware Inc.,NO_ACTIVE_GDAP,,`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${DEMO.fourthCoffee},Fourth Coffee,GDAP_PENDING_APPROVAL,`)));
    expect(lines.at(-1)).toMatch(/,ready,,$/);
    expect(lines.some((l) => l.startsWith(DEMO.wingtip))).toBe(false); // Fabrikam's customer
    await expect(access.report!(parseArgs(['--partner', DEMO.direct, '--format', 'xml']))).rejects.toThrow(UsageError);
  });
});
