import { accessReport, formatAccessReport } from '../../pipeline/access-report.js';
import { scanAccess } from '../../pipeline/access-watch.js';
import { cliRuntime, flag, UsageError, type Args, type CommandGroup } from '../context.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `relay access scan` (the access-watch timer, now) and `relay access report --partner <id> --format md|csv|json`. */
const scan = async (args: Args) => {
  const partner = flag(args, 'partner');
  if (partner !== undefined && !GUID.test(partner)) throw new UsageError('--partner must be a partner tenant id (GUID)');
  const { deps } = await cliRuntime();
  const result = await scanAccess(deps, partner ? { partnerTenantId: partner } : {});
  console.log(
    `access scan: ${result.partners} partner(s), ${result.customers} customer(s), ${result.atRisk} at risk, ${result.changed} changed, ${result.sent} event(s) delivered`,
  );
};

const report = async (args: Args) => {
  const partner = flag(args, 'partner');
  if (!partner || !GUID.test(partner)) throw new UsageError('access report --partner <tenantId GUID> [--format md|csv|json]');
  const format = flag(args, 'format') ?? 'md';
  if (format !== 'md' && format !== 'csv' && format !== 'json') throw new UsageError('--format must be md, csv or json');
  const { deps } = await cliRuntime();
  const rows = await accessReport(deps, partner);
  if (!rows) throw new UsageError(`partner ${partner} is not in the directory; list partners with: relay directory export`);
  console.log(formatAccessReport(rows, format));
};

export const commands: CommandGroup = { scan, report };
