import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../../shared/local-host/azurite.js';
import { pool } from './pool.js';

const WARMUP_OPERATIONS = 1500;

/**
 * A fresh in-memory Azurite for one figure, warmed first: Azurite's own JIT makes its first thousand requests
 * several times slower than the rest, which would otherwise land on whichever side of a comparison runs first.
 */
export async function withAzurite<T>(fn: (tablesConnection: string) => Promise<T>): Promise<T> {
  const azurite = await startAzurite();
  try {
    const client = TableClient.fromConnectionString(azurite.connectionString, `warm${randomBytes(4).toString('hex')}`, {
      allowInsecureConnection: true,
    });
    await client.createTable();
    await pool(WARMUP_OPERATIONS, 32, async (i) => {
      await client.createEntity({ partitionKey: 'warm', rowKey: `r${i}`, payload: 'x'.repeat(1024) });
      await client.getEntity('warm', `r${i}`);
    });
    return await fn(azurite.connectionString);
  } finally {
    await azurite.stop();
  }
}
