import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { TableDirectory } from '../../shared/adapters/tables/directory-store.js';
import { checkEligibility } from '../../shared/domain/eligibility/check-eligibility.js';
import { serviceRequestSchema } from '../../shared/domain/submission.js';
import { benchDirectory, BENCH, customerId } from '../support/bench-directory.js';
import { pool } from '../support/pool.js';
import { m365Request } from '../support/requests.js';
import { round as round2 } from '../support/stats.js';
import { secondsSince } from '../support/tickets.js';

const CONCURRENCY = 16;
const WARMUP = 200;
const ROUNDS = 8;

export interface DirectorySize {
  customers: number;
  importSeconds: number;
  evaluations: number;
  seconds: number;
  decisionsPerSecond: number;
  microsecondsPerDecision: number;
  eligible: number;
}

export interface DirectoryScaleFigure {
  small: DirectorySize;
  large: DirectorySize;
  /** Cost per decision with the large directory ÷ with the small one; flat is ≈ 1. */
  directoryScaleRatio: number;
}

/**
 * The eligibility decision as the stage makes it — partner and customer point reads, then the rules — against a
 * directory of `small` and of `large` customers. Each decision uses a new reader so that no cache answers for it:
 * a small directory would otherwise be served from memory and a large one from storage, which measures the cache.
 */
export async function measureDirectoryScale(
  tablesConnection: string,
  small: number,
  large: number,
  evaluations: number,
): Promise<DirectoryScaleFigure> {
  const sizes = [await importDirectory(tablesConnection, small), await importDirectory(tablesConnection, large)] as const;
  for (const size of sizes) await size.warm();
  // Rounds in A-B-B-A order, so JIT warm-up and a busy neighbour's load fall on both sizes alike.
  const chunk = Math.ceil(evaluations / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sizes : ([sizes[1], sizes[0]] as const);
    for (const size of order) await size.time(chunk);
  }
  const [a, b] = sizes.map((s) => s.result());
  return { small: a!, large: b!, directoryScaleRatio: round2(b!.microsecondsPerDecision / a!.microsecondsPerDecision, 3) };
}

async function importDirectory(tablesConnection: string, customers: number) {
  const client = TableClient.fromConnectionString(tablesConnection, `dir${customers}${randomBytes(3).toString('hex')}`, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  const importStart = performance.now();
  await new TableDirectory(client).replace(benchDirectory(customers));
  const importSeconds = secondsSince(importStart);
  let eligible = 0;
  let evaluations = 0;
  let seconds = 0;
  const decide = async (i: number) => {
    // Spread over the whole directory: a decision about customer 9,999 must cost what one about customer 4 does.
    const customer = customerId(4 + ((i * 7919) % (customers - 4)));
    const request = serviceRequestSchema.parse(m365Request(customer));
    const directory = new TableDirectory(client);
    const [partner, found] = await Promise.all([directory.getPartner(BENCH.partner), directory.getCustomer(customer)]);
    const result = checkEligibility({ partnerTenantId: BENCH.partner, request, partner, customer: found, now: new Date() });
    if (result.decision === 'eligible') eligible++;
  };
  return {
    warm: async () => {
      await pool(WARMUP, CONCURRENCY, decide);
      eligible = 0;
    },
    time: async (count: number) => {
      const start = performance.now();
      await pool(count, CONCURRENCY, (i) => decide(evaluations + i));
      seconds += secondsSince(start);
      evaluations += count;
    },
    result: (): DirectorySize => ({
      customers,
      importSeconds: round2(importSeconds),
      evaluations,
      seconds: round2(seconds),
      decisionsPerSecond: round2(evaluations / seconds, 1),
      microsecondsPerDecision: round2((seconds * 1e6) / evaluations, 0),
      eligible,
    }),
  };
}
