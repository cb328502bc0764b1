import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config.js';
import { parseArgs, UsageError, type CommandGroup } from './context.js';
import { errorCodeOf, errorMessage } from '../errors.js';

/**
 * `relay <group> <command> …`. Each group lives in commands/<group>.js and exports `commands`, so a new group is
 * a new file. Operator mistakes print a one-line message (exit 2); nothing here prints secrets it did not create.
 */
const USAGE = `usage: relay <group> <command> [options]
  relay directory import <file.json> | export [--out file]
  relay tools add --partner <tenantId> --name <name> [--callback-url <url>] [--json] | list | rotate-key <toolId>
             | rotate-secret <toolId> [--callback] | set-callback <toolId> <url|none> | disable <toolId>
             | set-events <toolId> <type,…|all>
  relay access scan | report --partner <tenantId> [--format md|csv|json]
  relay tickets show <ticketId> --partner <tenantId> | list --partner <tenantId> [--case-state …] [--status …] [--limit N]
  relay health import <snapshot.json>
  relay deliveries list [--failed] [--partner <tenantId>] [--since ISO] | show <eventId> --partner <tenantId>
             | replay <eventId> [--partner <tenantId>] | replay --since ISO [--partner <tenantId>]
  relay dlq list|show|replay <queue> [--id <messageId>] [--max N]
  relay connectors add|list|show|disable|test|map|map import|map suggest|unmapped   (relay connectors --help)
  relay queue sign --tool <toolId> --partner <tenantId> --message-id <id> [--secret <whsec_…>] <body.json>`;

async function main(argv: string[]): Promise<void> {
  const [group, command, ...rest] = argv;
  if (!group || group === 'help' || group === '--help') {
    console.log(USAGE);
    return;
  }
  const file = new URL(`./commands/${group.replace(/[^a-z-]/g, '')}.js`, import.meta.url);
  if (!existsSync(fileURLToPath(file))) throw new UsageError(`unknown command group "${group}"\n${USAGE}`);
  const { commands } = (await import(file.href)) as { commands: CommandGroup };
  const run = command ? commands[command] : undefined;
  if (!run) throw new UsageError(`unknown command "${group} ${command ?? ''}"; commands: ${Object.keys(commands).join(', ')}`);
  await run(parseArgs(rest));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`relay: ${error.message}`);
      process.exit(2);
    }
    if (errorCodeOf(error) === 'ECONNREFUSED')
      console.error('relay: cannot reach Table Storage; is `npm start` (Azurite) running, or TABLES_CONNECTION set?');
    else console.error(`relay: ${errorMessage(error)}`);
    process.exit(1);
  },
);
