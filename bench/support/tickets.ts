import type { Ticket, TicketStatus } from '../../shared/domain/ticket.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import { BENCH } from './bench-directory.js';

/** Every ticket of a partner (the first bench partner by default) in `status`, read through the store's own query. */
export async function ticketsIn(deps: Deps, status: TicketStatus, partner: string = BENCH.partner): Promise<Ticket[]> {
  const all: Ticket[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.tickets.list(partner, { status, limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return all;
}

/** Seconds since `start` (a performance.now() value). */
export const secondsSince = (start: number) => (performance.now() - start) / 1000;

/** This process's CPU time (user + system) in milliseconds since `since` (a process.cpuUsage() value). */
export const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
