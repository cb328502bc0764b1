import { partnersWithTools } from '../../pipeline/partners-with-tools.js';
import { listTickets, parseListQuery, viewTicket } from '../../pipeline/ticket-queries.js';
import { cliRuntime, flag, partnerFlag, UsageError, type Command } from '../context.js';

/** `relay tickets show <ticketId> --partner <tenantId>`: the full ticket view with history and deliveries. */
const show: Command = async (args) => {
  const ticketId = args.positional[0];
  if (!ticketId) throw new UsageError('tickets show <ticketId> [--partner <tenantId>]');
  const { deps } = await cliRuntime();
  const partner = partnerFlag(args);
  const partners = partner ? [partner] : await partnersWithTools(deps);
  for (const candidate of partners) {
    const view = await viewTicket(deps, candidate, ticketId);
    if (view) {
      console.log(JSON.stringify(view, null, 2));
      return;
    }
  }
  throw new UsageError(`no ticket ${ticketId}${partner ? ' for that partner' : ''}`);
};

/**
 * `relay tickets list --partner <tenantId> [--case-state awaiting-filing|filed|closed] [--status …] [--limit N]`: one line
 * per ticket, newest first (the same query as GET /api/v1/service-requests).
 */
const list: Command = async (args) => {
  const partner = partnerFlag(args);
  if (!partner)
    throw new UsageError(
      'tickets list --partner <tenantId GUID> [--case-state awaiting-filing|filed|closed] [--status <status>] [--limit N]',
    );
  const params = new URLSearchParams();
  for (const [name, option] of [
    ['caseState', 'case-state'],
    ['status', 'status'],
    ['limit', 'limit'],
  ] as const) {
    const value = flag(args, option);
    if (value !== undefined) params.set(name, value);
  }
  const parsed = parseListQuery(params);
  if (!parsed.ok)
    throw new UsageError(parsed.errors.map((e) => `--${e.path === 'caseState' ? 'case-state' : e.path}: ${e.message}`).join('; '));
  const { deps } = await cliRuntime();
  const page = await listTickets(deps, partner, parsed.query);
  if ('invalidCursor' in page) throw new UsageError('invalid cursor');
  for (const t of page.items) {
    console.log(
      `${t.ticketId}  ${t.createdAt}  ${t.status.padEnd(8)}  case=${t.case.state ?? '-'}${t.case.microsoftCaseId ? ` (${t.case.microsoftCaseId})` : ''}  ${t.workload}  ${t.customerTenantId}  ${t.externalRef ?? ''}`,
    );
  }
  if (page.nextCursor) console.log(`(more: newest ${page.items.length} shown)`);
};

export const commands = { show, list };
