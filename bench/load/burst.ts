import { z } from 'zod';
import { customerOf } from '../support/bench-directory.js';
import { pool } from '../support/pool.js';
import { m365Request } from '../support/requests.js';
import { errorMessage } from '../../shared/errors.js';

/**
 * Child process: posts `tickets` Microsoft 365 requests, `concurrency` in flight, partner i mod N (its tool's key,
 * one of its customers). Runs outside the relay's process so the relay is not charged for its client's CPU.
 * Prints one JSON line: when it started (epoch ms) and how many were accepted.
 */
const argsSchema = z.object({
  url: z.string(),
  apiKeys: z.array(z.string()).min(1),
  customersPerPartner: z.number().int().positive(),
  tickets: z.number().int().positive(),
  concurrency: z.number().int().positive(),
});
export type BurstArgs = z.infer<typeof argsSchema>;
export interface BurstResult {
  startedAt: number;
  accepted: number;
  refused: number;
}

async function main(): Promise<void> {
  const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const partners = args.apiKeys.length;
  const out: BurstResult = { startedAt: Date.now(), accepted: 0, refused: 0 };
  await pool(args.tickets, args.concurrency, async (i) => {
    const partner = i % partners;
    const customer = customerOf(partner, Math.floor(i / partners) % args.customersPerPartner, partners);
    const res = await fetch(`${args.url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${args.apiKeys[partner]!}`, 'content-type': 'application/json', 'idempotency-key': `burst-${i}` },
      body: JSON.stringify(m365Request(customer)),
    });
    await res.arrayBuffer();
    if (res.status === 202) out.accepted++;
    else out.refused++;
  });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`burst failed: ${errorMessage(error)}\n`);
  process.exit(1);
});
