import { randomUUID } from 'node:crypto';
import autocannon, { type AutocannonResult } from 'autocannon';
import { z } from 'zod';
import { percentile, round } from '../support/stats.js';
import { errorMessage } from '../../shared/errors.js';

/**
 * Child process: autocannon at a fixed overall rate against one POST endpoint, a fresh Idempotency-Key on every
 * request. Prints one JSON line. Latencies are the raw response times: autocannon's coordinated-omission correction
 * divides 1 by a per-second rate and uses the result as milliseconds, which would add fake samples of 1 ms.
 *
 * autocannon paces a connection by refilling its per-second budget on a timer started with the connection, and it
 * starts every connection in the same millisecond: left alone, all of them fire at the top of each second. `pace`
 * restarts each connection's timer at its own offset (i/N of a second), so the requests arrive spread out.
 */
const argsSchema = z.object({
  url: z.string(),
  path: z.string(),
  /** Request shapes used in turn (one per partner: its tool's key and one of its customers). */
  variants: z.array(z.object({ headers: z.record(z.string(), z.string()), body: z.string() })).min(1),
  rate: z.number().int().positive(),
  connections: z.number().int().positive(),
  warmupSeconds: z.number().nonnegative(),
  seconds: z.number().positive(),
});
export type FixedRateArgs = z.infer<typeof argsSchema>;

export interface FixedRateResult {
  requests: number;
  warmupRequests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  achievedRate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The internals of autocannon 8's Client that pacing touches (lib/httpClient.js). */
interface PacedClient {
  reqsMadeThisSecond: number;
  paused: boolean;
  rateInterval?: ReturnType<typeof setInterval>;
  _doRequest(): void;
}

function pacer(connections: number): (client: unknown) => void {
  let index = 0;
  return (raw) => {
    const client = raw as PacedClient;
    client.reqsMadeThisSecond = Number.MAX_SAFE_INTEGER; // hold the first requests until this connection's slot
    const tick = () => {
      client.reqsMadeThisSecond = 0;
      if (client.paused) {
        client.paused = false;
        client._doRequest();
      }
    };
    setTimeout(
      () => {
        if (client.rateInterval) clearInterval(client.rateInterval);
        client.rateInterval = setInterval(tick, 1000); // destroy() clears it, as it would the original
        tick();
      },
      (index++ * 1000) / connections,
    );
  };
}

function run(
  args: FixedRateArgs,
  seconds: number,
): Promise<{ result: AutocannonResult; latencies: number[]; non2xx: number; rate: number }> {
  const latencies: number[] = [];
  let non2xx = 0;
  let first = 0;
  let last = 0;
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: args.url,
        connections: args.connections,
        overallRate: args.rate,
        duration: seconds,
        timeout: 10,
        ignoreCoordinatedOmission: true,
        setupClient: pacer(args.connections),
        requests: [
          {
            method: 'POST',
            path: args.path,
            setupRequest: (request) => {
              const variant = args.variants[next++ % args.variants.length]!;
              return { ...request, body: variant.body, headers: { ...variant.headers, 'idempotency-key': randomUUID() } };
            },
          },
        ],
      },
      (error, result) =>
        error ? reject(error) : resolve({ result, latencies, non2xx, rate: (latencies.length - 1) / ((last - first) / 1000) }),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      last = performance.now();
      if (latencies.length === 0) first = last;
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode > 299) non2xx++;
    });
  });
}

async function main(): Promise<void> {
  const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const warmup = args.warmupSeconds > 0 ? (await run(args, args.warmupSeconds)).latencies.length : 0;
  const { result, latencies, non2xx, rate } = await run(args, args.seconds);
  const out: FixedRateResult = {
    requests: latencies.length,
    warmupRequests: warmup,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    achievedRate: round(rate, 1),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(Math.max(...latencies)),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fixed-rate load failed: ${errorMessage(error)}\n`);
  process.exit(1);
});
