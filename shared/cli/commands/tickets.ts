import { viewTicket } from '../../pipeline/ticket-queries.js';
import { cliRuntime, flag, UsageError, type Command } from '../context.js';

/** `relay tickets show <ticketId> --partner <tenantId>`: the full ticket view with history and deliveries. */
const show: Command = async (args) => {
  const ticketId = args.positional[0];
  if (!ticketId) throw new UsageError('tickets show <ticketId> [--partner <tenantId>]');
  const { deps } = await cliRuntime();
  const partners = flag(args, 'partner') ? [flag(args, 'partner')!] : [...new Set((await deps.tools.list()).map((t) => t.partnerTenantId))];
  for (const partner of partners) {
    const view = await viewTicket(deps, partner, ticketId);
    if (view) {
      console.log(JSON.stringify(view, null, 2));
      return;
    }
  }
  throw new UsageError(`no ticket ${ticketId}${flag(args, 'partner') ? ' for that partner' : ''}`);
};

export const commands = { show };
