import { createHash, randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SecretBox } from '../../../shared/adapters/tables/secret-box.js';
import { TableToolRegistry } from '../../../shared/adapters/tables/tool-registry.js';

/**
 * API-key lookups and their storage cost. An API key is `rk_` + 43 base64url characters + a 16-character tag the relay
 * computes with its encryption key; keys issued before tags existed ("legacy", `rk_` + 43) must keep working. A key of
 * any other shape, or a legacy-shaped key while no legacy key is registered, is refused without a table read, so
 * random bearer tokens cannot make the relay read storage (README "Credentials and limits").
 */
const PARTNER = '11111111-1111-4111-8111-111111111111';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The table client with a count of reads by kind (point reads and scans). */
function countingClient(client: TableClient) {
  const reads = { point: 0, scan: 0 };
  const counted = new Proxy(client, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (name === 'getEntity') reads.point++;
        if (name === 'listEntities') reads.scan++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { client: counted, reads };
}

async function newTable(): Promise<TableClient> {
  const client = TableClient.fromConnectionString(inject('tablesConnection'), `keys${randomBytes(5).toString('hex')}`, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  return client;
}

const legacyShaped = () => `rk_${randomBytes(32).toString('base64url')}`;

describe('tool registry: API keys and what a lookup costs', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));
  const now = () => new Date('2026-03-01T12:00:00Z');

  describe('when every registered key is tagged', () => {
    let table: TableClient;
    let issued: string;
    let rotatedOut: string;
    beforeAll(async () => {
      table = await newTable();
      const registry = new TableToolRegistry(table, box, now);
      const created = await registry.add({ partnerTenantId: PARTNER, name: 'PSA' });
      rotatedOut = created.apiKey;
      issued = await registry.rotateKey(created.tool.toolId);
      // A second tool keeps the index row `add` wrote (the first one's was replaced by the rotation).
      await registry.add({ partnerTenantId: PARTNER, name: 'monitoring' });
    });

    it('then keys of any other shape, a forged tag and a legacy-shaped key are refused without a point read; the issued key is found (positive control)', async () => {
      const { client, reads } = countingClient(table);
      const registry = new TableToolRegistry(client, box, now);
      const forgedTag = `${issued.slice(0, -16)}${'A'.repeat(16)}`;
      for (const key of ['', 'Bearer', 'rk_', `sk_${issued.slice(3)}`, `${issued}x`, forgedTag, legacyShaped(), legacyShaped()]) {
        expect(await registry.findByApiKey(key)).toBeNull();
      }
      // Two legacy-shaped keys: one scan of the key index answers for both.
      expect(reads).toEqual({ point: 0, scan: 1 });
      expect(await registry.findByApiKey(issued)).not.toBeNull();
      expect(reads.point).toBeGreaterThan(0);
    });

    it('then the rotated-out key has no index row left, and finds nothing', async () => {
      await expect(table.getEntity('apikey', sha256(rotatedOut))).rejects.toMatchObject({ statusCode: 404 });
      expect(await new TableToolRegistry(table, box, now).findByApiKey(rotatedOut)).toBeNull();
    });

    it('then an index row a failed clean-up left behind does not bring a rotated-out key back', async () => {
      const tool = (await new TableToolRegistry(table, box, now).findByApiKey(issued))!;
      await table.upsertEntity({ partitionKey: 'apikey', rowKey: sha256(rotatedOut), toolId: tool.toolId, tagged: true });
      expect(await new TableToolRegistry(table, box, now).findByApiKey(rotatedOut)).toBeNull();
      expect((await new TableToolRegistry(table, box, now).findByApiKey(issued))?.toolId).toBe(tool.toolId);
    });
  });

  describe('when a key issued before tags existed is still registered', () => {
    it('then that key still finds its tool, and another legacy-shaped key finds nothing', async () => {
      const table = await newTable();
      const registry = new TableToolRegistry(table, box, now);
      const { tool } = await registry.add({ partnerTenantId: PARTNER, name: 'old PSA' });
      // The rows as an earlier version wrote them: an untagged key whose index row has no `tagged` flag.
      const legacy = legacyShaped();
      await table.updateEntity({ partitionKey: 'tool', rowKey: tool.toolId, apiKeyHash: sha256(legacy) }, 'Merge');
      await table.createEntity({ partitionKey: 'apikey', rowKey: sha256(legacy), toolId: tool.toolId });

      const fresh = new TableToolRegistry(table, box, now);
      expect((await fresh.findByApiKey(legacy))?.toolId).toBe(tool.toolId);
      expect(await fresh.findByApiKey(legacyShaped())).toBeNull();
    });
  });

  describe('when two operators rotate one secret at the same time', () => {
    it('then the rotation that read first fails instead of silently dropping the other one’s new secret', async () => {
      const table = await newTable();
      const { tool } = await new TableToolRegistry(table, box, now).add({ partnerTenantId: PARTNER, name: 'PSA' });
      // The first operator's write waits until the second operator's rotation has been written.
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const slow = new Proxy(table, {
        get(target, name, receiver) {
          const value: unknown = Reflect.get(target, name, receiver);
          if (name !== 'updateEntity' || typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            await released;
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        },
      });
      const first = new TableToolRegistry(slow, box, now).rotateSecret(tool.toolId, 'signing', 24);
      const firstOutcome = first.then(
        () => 'written',
        (error: unknown) => error,
      );
      await new Promise((r) => setTimeout(r, 200));
      const second = await new TableToolRegistry(table, box, now).rotateSecret(tool.toolId, 'signing', 24);
      release();

      expect(await firstOutcome).toMatchObject({ statusCode: 412 });
      const stored = (await new TableToolRegistry(table, box, now).get(tool.toolId))!.signingSecrets.map((s) => s.value);
      expect(stored).toContain(second);
    });
  });

  it('when a secret is rotated with no overlap and rotated again at that instant, then the secret retired at that instant is dropped', async () => {
    const table = await newTable();
    const registry = new TableToolRegistry(table, box, now);
    const { tool, signingSecret: original } = await registry.add({ partnerTenantId: PARTNER, name: 'PSA' });
    const first = await registry.rotateSecret(tool.toolId, 'signing', 0);
    const second = await registry.rotateSecret(tool.toolId, 'signing', 0);
    const stored = (await registry.get(tool.toolId))!.signingSecrets.map((s) => s.value);
    expect(stored).toEqual([second, first]);
    expect(stored).not.toContain(original);
  });
});
