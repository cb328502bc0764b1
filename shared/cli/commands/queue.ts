import { readFileSync } from 'node:fs';
import { signProducerMessage } from '../../adapters/webhooks/producer-signature.js';
import { flag, partnerFlag, UsageError, type Args, type CommandGroup } from '../context.js';
import { errorMessage } from '../../errors.js';

/**
 * `relay queue sign --tool <toolId> --partner <tenantId> --secret <whsec_…> --message-id <id> <body.json>`: prints the
 * message a producer sends to the `service-requests` queue, signed (README "Queue producers sign their messages"). The body is signed exactly as it
 * is in the file, so send exactly the printed `body` string. Nothing is read from or written to storage.
 */
const sign = async (args: Args): Promise<void> => {
  const [file] = args.positional;
  const toolId = flag(args, 'tool');
  const partnerTenantId = partnerFlag(args);
  const secret = flag(args, 'secret') ?? process.env.RELAY_SIGNING_SECRET;
  const messageId = flag(args, 'message-id');
  if (!file || !toolId || !partnerTenantId || !secret || !messageId) {
    throw new UsageError(
      'queue sign needs --tool <toolId> --partner <tenantId> --message-id <id> <body.json>, and --secret <whsec_…> or RELAY_SIGNING_SECRET',
    );
  }
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
  }
  const signature = signProducerMessage({ messageId, body, secret });
  console.log(JSON.stringify({ messageId, body, applicationProperties: { partnerTenantId, toolId, ...signature } }, null, 2));
};

export const commands: CommandGroup = { sign };
