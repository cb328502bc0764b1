import { readFileSync } from 'node:fs';
import { psaApiFor } from '../../adapters/psa/psa-api-for.js';
import type { Connector } from '../../connectors/connector.js';
import { mapCompany, TENANT_ID, tenantRefusal, unmappedCompanies } from '../../connectors/company-map.js';
import { suggestMappings } from '../../connectors/suggest-mappings.js';
import { psaHttpOptions, type Runtime } from '../../runtime.js';
import { flag, UsageError, type Args, type Command } from '../context.js';
import type { CliIo } from './tools.js';
import { textOf } from '../../text-of.js';
import { errorMessage } from '../../errors.js';

/** `relay connectors map …` and `unmapped`: the company map, and the events waiting for it. */
export function connectorMapCommands(io: CliIo): Record<'map' | 'unmapped', Command> {
  const connectorOf = async (runtime: Runtime, id: string | undefined): Promise<Connector> => {
    if (!id) throw new UsageError('give the connectorId (relay connectors list)');
    const connector = await runtime.deps.connectors.get(id);
    if (!connector) throw new UsageError(`no connector ${id}; list them with: relay connectors list`);
    return connector;
  };

  /** Adds one mapping, then files whatever was parked for that company (the console's mapping form does the same). */
  const mapOne = async (runtime: Runtime, connector: Connector, company: string, tenant: string) => {
    const mapped = await mapCompany(runtime.deps, connector, company, tenant);
    if (!mapped.ok) throw new UsageError(`cannot map company ${company}: ${mapped.detail}`);
    for (const { psaTicketId, ticketId, stillParked } of mapped.released)
      io.print(`  parked PSA ticket ${psaTicketId}: ${stillParked ? `still parked: ${stillParked}` : `ticket ${ticketId}`}`);
  };

  const importCsv = async (args: Args) => {
    const [id, file] = args.positional.slice(1);
    if (!file) throw new UsageError('connectors map import <connectorId> <file.csv>');
    const runtime = await io.runtime();
    const connector = await connectorOf(runtime, id);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
    }
    const rows = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const pairs = rows.map((line, i) => {
      const [company, tenant] = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
      if (!company || !tenant) throw new UsageError(`${file} line ${i + 1}: expected "company,tenant"; nothing was written`);
      return { company, tenant };
    });
    const body = pairs[0] && !TENANT_ID.test(pairs[0].tenant) ? pairs.slice(1) : pairs; // a header line
    // Every row is checked before the first is written, so a bad file changes nothing.
    for (const { company, tenant } of body) {
      const refusal = await tenantRefusal(runtime.deps, connector, tenant);
      if (refusal) throw new UsageError(`${file}: company ${company}: ${refusal.detail}; nothing was written`);
    }
    for (const { company, tenant } of body) await mapOne(runtime, connector, company, tenant);
    io.print(`${body.length} companies mapped`);
  };

  const suggest = async (args: Args) => {
    const runtime = await io.runtime();
    const connector = await connectorOf(runtime, args.positional[1]);
    const { secrets } = (await runtime.deps.connectors.withSecrets(connector.connectorId))!;
    const companies = await psaApiFor(connector, secrets, psaHttpOptions(runtime.config)).companies();
    if (!companies.ok)
      throw new UsageError(
        `could not list the PSA's companies: ${companies.response.kind === 'failed' ? companies.response.error : `HTTP ${companies.response.status}`}`,
      );
    const directory = await runtime.deps.directorySnapshot();
    const mine = directory.customers.filter((c) =>
      c.relationships.some((r) => r.partnerTenantId.toLowerCase() === connector.partnerTenantId.toLowerCase()),
    );
    const suggestions = suggestMappings(companies.value, mine);
    for (const s of suggestions) {
      io.print(
        `${s.company.id}  "${s.company.name}"  →  ${s.tenantId} (${s.customerName})  confidence ${s.confidence.toFixed(2)} (${s.why})`,
      );
      io.print(`    apply: relay connectors map ${connector.connectorId} --company ${s.company.id} --tenant ${s.tenantId}`);
    }
    io.print(`${suggestions.length} of ${companies.value.length} PSA companies have a suggestion; nothing was applied`);
  };

  const map = async (args: Args) => {
    if (args.positional[0] === 'import') return importCsv(args);
    if (args.positional[0] === 'suggest') return suggest(args);
    const company = flag(args, 'company');
    const tenant = flag(args, 'tenant');
    if (!company || !tenant) throw new UsageError('connectors map <connectorId> --company <psaCompanyId> --tenant <customerTenantId>');
    const runtime = await io.runtime();
    const connector = await connectorOf(runtime, args.positional[0]);
    await mapOne(runtime, connector, company, tenant);
    io.print(`company ${company} → tenant ${tenant}`);
  };

  const unmapped = async (args: Args) => {
    const runtime = await io.runtime();
    const connector = await connectorOf(runtime, args.positional[0]);
    const companies = await unmappedCompanies(runtime.deps, connector.connectorId);
    for (const c of companies)
      for (const p of c.events)
        io.print(
          `company ${c.companyId}${c.companyName ? ` (${c.companyName})` : ''}  PSA ticket ${p.psaTicketId}  since ${p.receivedAt}  "${textOf(p.submission.title)}"`,
        );
    const parked = companies.reduce((n, c) => n + c.events.length, 0);
    io.print(
      parked
        ? `${parked} parked; map with: relay connectors map ${connector.connectorId} --company <id> --tenant <tenantId>`
        : 'nothing parked',
    );
  };

  return { map, unmapped };
}
