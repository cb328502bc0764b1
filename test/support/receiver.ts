import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoReceiver } from '../../shared/local-host/demo-receiver.js';

/** A tool's callback endpoint on 127.0.0.1 (the demo receiver: signatures checked, bodies kept). */
export async function startReceiver(now?: () => Date) {
  let secrets: string[] = [];
  // A test that moves the relay's clock moves the receiver's too, or every signature would look stale.
  const demo = createDemoReceiver(
    () => secrets,
    () => undefined,
    now,
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void demo.handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo/receiver`,
    events: demo.events,
    /** The callback secret(s) the relay signs with, once the tool exists. */
    trust: (next: string[]) => void (secrets = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
