import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TableDirectory } from '../../shared/adapters/tables/directory-store.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { scanAccess } from '../../shared/pipeline/access-watch.js';
import type { WatchStore } from '../../shared/ports/watch-store.js';
import { TABLES } from '../../shared/tables.js';
import { directoryOfSize } from '../cli/large-directory.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

const CUSTOMERS = 10_000;
const AT_RISK_EVERY = 10;

/** A TableClient that counts point reads and every entity a query hands back. */
function counting(client: TableClient) {
  const count = { pointReads: 0, entitiesListed: 0 };
  const proxy = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'getEntity')
        return (...args: Parameters<TableClient['getEntity']>) => (count.pointReads++, target.getEntity(...args));
      if (property === 'listEntities') {
        return (...args: Parameters<TableClient['listEntities']>) => {
          const pages = target.listEntities(...args);
          return (async function* () {
            for await (const entity of pages) {
              count.entitiesListed++;
              yield entity;
            }
          })();
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { client: proxy, count };
}

describe(`access watch over ${CUSTOMERS.toLocaleString('en')} customers of one partner`, () => {
  let relay: TestRelay;
  let directoryCount: ReturnType<typeof counting>['count'];
  const watchCalls = { list: 0, save: 0 };

  beforeAll(async () => {
    relay = await startTestRelay();
    const directory = directoryOfSize(CUSTOMERS);
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
    directory.customers.forEach((c, i) => {
      if (i % AT_RISK_EVERY === 0) c.relationships = c.relationships.map((r) => ({ ...r, endDateTime: soon }));
    });
    await relay.importDirectory(directory);
    const table = TableClient.fromConnectionString(
      inject('tablesConnection'),
      `${relay.host.runtime.config.RELAY_TABLE_PREFIX}${TABLES.directory}`,
      { allowInsecureConnection: true },
    );
    const wrapped = counting(table);
    directoryCount = wrapped.count;
    const reader = new TableDirectory(wrapped.client);
    relay.deps.directorySnapshot = () => reader.export();
    const watch: WatchStore = relay.deps.watch;
    relay.deps.watch = {
      list: (...args) => (watchCalls.list++, watch.list(...args)),
      save: (...args) => (watchCalls.save++, watch.save(...args)),
    };
  }, 180_000);
  afterAll(() => relay.stop());

  it('when scanned, then each customer is read once, no point read per customer is made, and only the at-risk ones are written', async () => {
    const result = await scanAccess(relay.deps, { partnerTenantId: DEMO.direct });
    expect(result).toMatchObject({
      partners: 1,
      customers: CUSTOMERS,
      atRisk: CUSTOMERS / AT_RISK_EVERY,
      changed: CUSTOMERS / AT_RISK_EVERY,
    });
    const partners = 3; // the demo's partners travel with the generated directory
    expect(directoryCount.entitiesListed).toBe(CUSTOMERS + partners);
    expect(directoryCount.pointReads).toBeLessThanOrEqual(1); // the generation pointer
    expect(watchCalls).toEqual({ list: 1, save: CUSTOMERS / AT_RISK_EVERY });
  }, 180_000);

  it('when scanned again with nothing changed, then nothing is written', async () => {
    watchCalls.list = 0;
    watchCalls.save = 0;
    const result = await scanAccess(relay.deps, { partnerTenantId: DEMO.direct });
    expect(result.changed).toBe(0);
    expect(watchCalls).toEqual({ list: 1, save: 0 });
  }, 180_000);
});
