import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A partner callback endpoint on 127.0.0.1 that accepts every webhook with 204. */
export async function startReceiver(): Promise<{ url: string; received: () => number; stop(): Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received: () => count,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
