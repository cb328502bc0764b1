import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { localEnvironment } from '../local-host/local-settings.js';
import { buildRuntime, type Runtime } from '../runtime.js';
import { errorMessage } from '../errors.js';

/** Parsed `--flag value` / `--flag` options and positional arguments. */
export interface Args {
  positional: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      args.positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) args.flags[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) args.flags[name] = argv[++i]!;
    else args.flags[name] = true;
  }
  return args;
}

export function flag(args: Args, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `--partner`, which must be a tenant id (a GUID): a typo or a name would otherwise register a tool, or search, under
 * a partner no directory entry or ticket can ever match.
 */
export function partnerFlag(args: Args): string | undefined {
  const partner = flag(args, 'partner');
  if (partner !== undefined && !GUID.test(partner)) {
    throw new UsageError(
      `--partner must be the partner's tenant id, a GUID such as 11111111-1111-4111-8111-111111111111 (got "${partner.slice(0, 60)}")`,
    );
  }
  return partner;
}

/** Thrown for operator mistakes: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/**
 * The CLI works on the same storage as `npm start` by default (Azurite on 10002, same local keys), or on
 * TABLES_CONNECTION / TABLES_ACCOUNT_URL when set, so what it writes is live for a running relay.
 */
export async function cliRuntime(): Promise<Runtime> {
  const runtime = buildRuntime(loadConfig({ ...localEnvironment(), RELAY_EMBEDDED_BROKER: 'true' }));
  await runtime.ready();
  return runtime;
}

export type Command = (args: Args) => Promise<void>;
export type CommandGroup = Record<string, Command> & { help?: never };

/**
 * Reads a JSON file and validates it whole before anything is written; the error lists each problem by its JSON
 * path (e.g. `$.customers.2.relationships.0.status`) so an operator can fix the file in one go.
 */
export function readJsonFile<T>(file: string, schema: import('zod').ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 20).map((i) => `  $${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`);
    throw new UsageError(`${file} is not a valid ${what}; nothing was written:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
