import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { TableDirectory } from '../../shared/adapters/tables/directory-store.js';
import { commands } from '../../shared/cli/commands/directory.js';
import { cliRuntime, parseArgs, UsageError } from '../../shared/cli/context.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { createRelayTables, pipelineHarness, type PipelineHarness } from '../pipeline/harness.js';
import { customerTenant, directoryOfSize } from './large-directory.js';

const workDir = mkdtempSync(join(tmpdir(), 'relay-directory-'));
const file = (name: string, content: unknown) => {
  const path = join(workDir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const run = (name: 'import' | 'export', ...argv: string[]) => commands[name](parseArgs(argv));

/** Points the CLI at the suite's Azurite under table names of its own; what it prints to stderr is kept. */
function useCliOn(prefix: string): { progress: () => string } {
  let written: string[] = [];
  beforeAll(async () => {
    await createRelayTables(prefix);
    vi.stubEnv('TABLES_CONNECTION', inject('tablesConnection'));
    vi.stubEnv('RELAY_TABLE_PREFIX', prefix);
    vi.stubEnv('RELAY_STATE_DIR', workDir);
    vi.stubEnv('RELAY_ADMIN_KEY', `adm_${randomBytes(16).toString('hex')}`);
    vi.stubEnv('RELAY_ENCRYPTION_KEY', randomBytes(32).toString('base64'));
    written = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  return { progress: () => written.join('') };
}

describe('relay directory import: a bad file', () => {
  useCliOn(`c${randomBytes(5).toString('hex')}`);

  it('when a file has one bad entry, then nothing is imported, the error names its JSON path, and the previous directory stays', async () => {
    await run('import', file('good.json', demoDirectory()));
    const { directory } = await cliRuntime();
    const before = await directory.export();

    const bad = demoDirectory();
    bad.customers[2]!.relationships[0]!.status = 'approvedish' as 'active';
    const refused = run('import', file('bad.json', bad));
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow('$.customers.2.relationships.0.status');

    expect(await directory.export()).toEqual(before);
    expect(await directory.getCustomer(DEMO.adatum)).toMatchObject({ name: 'Adatum Corporation' });
  });
});

describe('relay directory import: 10,000 customers', () => {
  const prefix = `c${randomBytes(5).toString('hex')}`;
  const cli = useCliOn(prefix);
  beforeAll(() => run('import', file('large.json', directoryOfSize(10_000))), 120_000);

  it('when a file holds 10,000 customers, then the import shows its progress and completes', async () => {
    expect(cli.progress()).toMatch(/importing … \d+\/10003 \(10%\)/);
    expect(cli.progress()).toContain('importing … 10003/10003 (100%)');
    const { directory } = await cliRuntime();
    expect(await directory.getCustomer(customerTenant(9_999))).toMatchObject({ name: 'Customer 9999' });
  });

  /** Evaluates one request (eligibility, then routing) against the directory in `table`, counting its reads there. */
  async function readsToEvaluate(h: PipelineHarness, table: string, customer: string) {
    const counts = { getEntity: 0, listEntities: 0 };
    const client = TableClient.fromConnectionString(inject('tablesConnection'), table, { allowInsecureConnection: true });
    const counted = new Proxy(client, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if ((name !== 'getEntity' && name !== 'listEntities') || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          counts[name]++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    // A clock that stands still: the generation pointer is read once, not again when a second ticks by.
    const deps = { ...h.deps, directory: new TableDirectory(counted, () => 0) };
    const ticketId = await h.submit({
      customerTenantId: customer,
      workload: 'office365',
      service: 'Exchange Online',
      title: 'Mail delayed',
      description: 'Queued 40 min.',
      agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    });
    await h.runStage(ticketId, 'eligibility', deps);
    await h.runStage(ticketId, 'routing', deps);
    // Nothing to file with Azure: the routing step records the ticket too.
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))?.ticket).toMatchObject({ decision: 'eligible', status: 'recorded' });
    return counts;
  }

  it('when the directory grows from 10 to 10,000 customers, then evaluating one request costs the same few point reads', async () => {
    // Tickets, tools and a 10-customer directory of their own; the 10,000 customers are the import above.
    const h = await pipelineHarness({ directory: directoryOfSize(10), partnerTenantId: DEMO.direct });
    const small = await readsToEvaluate(h, `${h.runtime.config.RELAY_TABLE_PREFIX}directory`, customerTenant(5));
    const large = await readsToEvaluate(h, `${prefix}directory`, customerTenant(5_000));
    expect(large).toEqual(small);
    expect(large.listEntities).toBe(0);
    // The generation pointer, the partner, the customer: a handful of point reads, never a scan.
    expect(large.getEntity).toBeGreaterThanOrEqual(3);
    expect(large.getEntity).toBeLessThanOrEqual(6);
  });
});
