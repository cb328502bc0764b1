import { failedSince, replayDelivery } from '../../pipeline/replay-delivery.js';
import type { Deps } from '../../pipeline/deps.js';
import type { Delivery } from '../../ports/delivery-log.js';
import { partnerFlag, UsageError, type Args, type CommandGroup } from '../context.js';
import { processIo, type CliIo } from './tools.js';

/**
 * `relay deliveries list [--failed] [--partner <tenantId>] [--since <ISO>]`, `show <eventId> [--partner <tenantId>]`,
 * `replay <eventId> [--partner <tenantId>] | replay --since <ISO> [--partner <tenantId>]`. Output names status
 * codes and errors, never secrets (stored attempts carry none).
 */
export function deliveryCommands(io: CliIo = processIo): CommandGroup {
  const list = async (args: Args) => {
    const { deps } = await io.runtime();
    const partner = partnerFlag(args);
    const since = sinceOf(args);
    const found = await deps.deliveries.list({
      ...(partner ? { partnerTenantId: partner } : {}),
      ...(args.flags.failed ? { status: 'failed' as const } : {}),
      ...(since ? { since } : {}),
    });
    if (found.length === 0) io.print('no deliveries');
    for (const d of found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))) io.print(summary(d));
  };

  const show = async (args: Args) => {
    const { deps } = await io.runtime();
    io.print(JSON.stringify(await findOne(deps, args), null, 2));
  };

  const replay = async (args: Args) => {
    const { deps } = await io.runtime();
    const since = sinceOf(args);
    if (!since) {
      const delivery = await findOne(deps, args);
      const outcome = await replayDelivery(deps, delivery.partnerTenantId, delivery.eventId);
      if (outcome.kind === 'refused') throw new UsageError(`not replayed: ${outcome.detail}`);
      io.print(`replayed ${summary(outcome.delivery)}`);
      return;
    }
    const partner = partnerFlag(args);
    const failed = await failedSince(deps, since, partner);
    let replayed = 0;
    for (const d of failed) {
      const outcome = await replayDelivery(deps, d.partnerTenantId, d.eventId);
      if (outcome.kind === 'replayed') replayed++;
      io.print(outcome.kind === 'replayed' ? `replayed ${summary(outcome.delivery)}` : `skipped ${d.eventId}: ${outcome.detail}`);
    }
    io.print(`${replayed} of ${failed.length} failed deliveries since ${since.toISOString()} replayed`);
  };

  return { list, show, replay };
}

/** The delivery named by the first argument; across partners unless --partner narrows it. */
async function findOne(deps: Deps, args: Args): Promise<Delivery> {
  const eventId = args.positional[0];
  if (!eventId) throw new UsageError('give the event id (evt_…), as listed by: relay deliveries list');
  const partner = partnerFlag(args);
  const found = partner
    ? [await deps.deliveries.get(partner, eventId)].filter((d): d is Delivery => d !== null)
    : (await deps.deliveries.list({})).filter((d) => d.eventId === eventId);
  const [first] = found;
  if (!first) throw new UsageError(`no delivery ${eventId}${partner ? ' for that partner' : ''}`);
  return first;
}

function sinceOf(args: Args): Date | undefined {
  const raw = args.flags.since;
  if (raw === undefined) return undefined;
  const at = typeof raw === 'string' ? new Date(raw) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError('--since needs an ISO-8601 date-time, e.g. 2026-03-01T00:00:00Z');
  return at;
}

/** One line: when, status, event, partner, attempts, the last answer and the next attempt. */
function summary(d: Delivery): string {
  const last = d.attempts[d.attempts.length - 1];
  const answer = !last ? '-' : last.statusCode !== null ? `HTTP ${last.statusCode}` : (last.error ?? 'no answer');
  const next = d.nextAttemptAt ? `  next=${d.nextAttemptAt}` : '';
  return `${d.eventId}  ${d.status}  partner=${d.partnerTenantId}  attempts=${d.attempts.length}  last=${answer}  updated=${d.updatedAt}${next}`;
}

export const commands = deliveryCommands();
