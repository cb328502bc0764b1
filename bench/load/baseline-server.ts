import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';

/**
 * The intake baseline: a bare node:http handler that does the least a durable intake can do — read the body and
 * insert it as one entity (Idempotency-Key as RowKey, `x-partition` as PartitionKey, as the relay's partner) — then
 * answers 202. No auth, no validation, no broker.
 */
export async function startBaselineServer(tablesConnection: string): Promise<{ url: string; stop(): Promise<void> }> {
  const client = TableClient.fromConnectionString(tablesConnection, `base${randomBytes(4).toString('hex')}`, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? randomBytes(8).toString('hex'));
      client
        .createEntity({
          partitionKey: String(req.headers['x-partition'] ?? 'baseline'),
          rowKey: key,
          body: Buffer.concat(chunks).toString('utf8'),
        })
        .then(() => {
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ticketId: key, status: 'received' }));
        })
        .catch(() => {
          res.writeHead(503).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
