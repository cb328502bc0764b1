import { describe, expect, it, inject } from 'vitest';
import { TableClient } from '@azure/data-tables';

describe('test infrastructure', () => {
  it('when the suite starts, then Azurite answers on the provided connection', async () => {
    const client = TableClient.fromConnectionString(inject('tablesConnection'), 'smoke', { allowInsecureConnection: true });
    await client.createTable();
    await client.createEntity({ partitionKey: 'p', rowKey: 'r', value: 1 });
    expect((await client.getEntity<{ value: number }>('p', 'r')).value).toBe(1);
  });
});
