import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of Azurite that counts the requests it forwards per table: the store wrapper a
 * black-box test can use, since the relay under test runs in its own process.
 */
export interface CountingProxy {
  /** A connection string like `upstream` but pointing at the proxy. */
  connectionString: string;
  /** Requests forwarded to a table whose name starts with `tablePrefix` and whose decoded URL passes `match`. */
  count(tablePrefix: string, match?: (url: string) => boolean): number;
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const endpoint = new URL(/TableEndpoint=([^;]+)/.exec(upstream)![1]!);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(safeDecode(req.url ?? ''));
    const forward = httpRequest(
      { host: endpoint.hostname, port: endpoint.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: upstream.replace(/TableEndpoint=http:\/\/[^/;]+/, `TableEndpoint=http://127.0.0.1:${port}`),
    // Paths look like /devstoreaccount1/<table>(…) or /devstoreaccount1/<table>()?$filter…
    count: (tablePrefix, match = () => true) => seen.filter((url) => url.split('/')[2]?.startsWith(tablePrefix) && match(url)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
