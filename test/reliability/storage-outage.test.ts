import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteProcess } from '../../shared/local-host/azurite.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { TABLES } from '../../shared/tables.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { mailIssue } from './support.js';

/**
 * Issue 7 storage outage at intake: while Table Storage is down the caller gets 503 + Retry-After and nothing is
 * half-written; once it is back, the very same request (same Idempotency-Key) is accepted and finishes.
 * The relay runs on an Azurite of its own, kept on disk so it can be stopped and started again on the same port.
 */
const issue = mailIssue('PSA-outage');
const key = 'outage-key-1';

describe('storage outage at intake', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-outage-'));
  let storage: AzuriteProcess;
  let relay: TestRelay;
  let tool: NewToolCredentials;

  beforeAll(async () => {
    storage = await startAzurite({ location: dataDir });
    relay = await startTestRelay({ env: { TABLES_CONNECTION: storage.connectionString } });
    await relay.importDirectory(demoDirectory());
    tool = await relay.addTool(DEMO.direct);
  });
  afterAll(async () => {
    await relay.stop();
    await storage.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ticketRows(): Promise<string[]> {
    const table = TableClient.fromConnectionString(
      storage.connectionString,
      `${relay.host.runtime.config.RELAY_TABLE_PREFIX}${TABLES.tickets}`,
      {
        allowInsecureConnection: true,
      },
    );
    const rows: string[] = [];
    for await (const e of table.listEntities()) rows.push(e.rowKey ?? '');
    return rows;
  }

  it('when storage is down, then intake answers 503 with Retry-After; when it is back, the same request is accepted once', async () => {
    await storage.stop();

    const refused = await relay.submit(tool.apiKey, issue, key);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/nothing was written/) });

    storage = await startAzurite({ port: storage.port, location: dataDir });
    expect(await ticketRows()).toEqual([]);

    const accepted = await relay.submit(tool.apiKey, issue, key);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('idempotent-replayed')).toBeNull();
    const repeat = await relay.submit(tool.apiKey, issue, key);
    expect([repeat.status, repeat.headers.get('idempotent-replayed')]).toEqual([202, 'true']);
    const { statusUrl } = (await accepted.json()) as { statusUrl: string };
    await relay.drain();
    const view = (await (await relay.get(tool.apiKey, statusUrl)).json()) as { status: string };
    expect(view.status).toBe('recorded');
    const list = (await (await relay.get(tool.apiKey, '/api/v1/service-requests?externalRef=PSA-outage')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
  }, 120_000);
});
