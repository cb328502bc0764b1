import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { MAX_PAGES_PER_LIST } from '../../../shared/adapters/tables/list-cursor.js';
import { TableTicketStore } from '../../../shared/adapters/tables/ticket-store.js';

/**
 * Issue 17: a filter that matches little in a large partition (`externalRef`, `status`) makes Table Storage answer
 * page after page with nothing in them but a continuation token (it scans at most 1,000 rows per page). A list
 * request reads a bounded number of pages and hands the caller a cursor, instead of scanning the whole partition.
 */
function scanningPartition(pagesInPartition: number): { client: TableClient; pagesRead: () => number } {
  let read = 0;
  const token = (n: number) => Buffer.from(JSON.stringify({ nextPartitionKey: 'p', nextRowKey: `t|${n}` })).toString('base64');
  const pages = {
    async *[Symbol.asyncIterator]() {
      for (let n = 1; n <= pagesInPartition; n++) {
        read++;
        yield Object.assign([], { continuationToken: n < pagesInPartition ? token(n) : undefined });
      }
    },
  };
  const client = { listEntities: () => ({ byPage: () => pages }) } as unknown as TableClient;
  return { client, pagesRead: () => read };
}

describe('listing is bounded', () => {
  it(`when a filter matches nothing in a partition of 500 pages, then one request reads ${MAX_PAGES_PER_LIST} pages and returns a cursor`, async () => {
    const { client, pagesRead } = scanningPartition(500);
    const page = await new TableTicketStore(client).list('11111111-1111-4111-8111-111111111111', { externalRef: 'PSA-404', limit: 50 });
    expect(page.items).toEqual([]);
    expect(page.cursor).not.toBeNull();
    expect(pagesRead()).toBe(MAX_PAGES_PER_LIST);
  });

  it('when the partition ends within the bound, then the answer has no cursor (positive control)', async () => {
    const { client, pagesRead } = scanningPartition(2);
    const page = await new TableTicketStore(client).list('11111111-1111-4111-8111-111111111111', { externalRef: 'PSA-404', limit: 50 });
    expect(page.cursor).toBeNull();
    expect(pagesRead()).toBe(2);
  });
});
