import { writeFileSync } from 'node:fs';
import { directorySchema } from '../../domain/directory.js';
import { cliRuntime, flag, readJsonFile, UsageError, type Command } from '../context.js';

/**
 * `relay directory import <file.json>`: validates the whole file first (the error names the JSON path), then
 * replaces the directory as one generation; a bad file leaves the previous directory untouched.
 */
const importCommand: Command = async (args) => {
  const file = args.positional[0];
  if (!file) throw new UsageError('directory import <file.json>');
  const parsed = { data: readJsonFile(file, directorySchema, 'directory') };
  const { directory } = await cliRuntime();
  const total = parsed.data.partners.length + parsed.data.customers.length;
  let last = 0;
  await directory.replace(parsed.data, (done) => {
    const pct = Math.floor((done / total) * 100);
    if (pct >= last + 10 || done === total) {
      last = pct;
      process.stderr.write(`\rimporting … ${done}/${total} (${pct}%)`);
    }
  });
  process.stderr.write('\n');
  console.log(`imported ${parsed.data.partners.length} partners and ${parsed.data.customers.length} customers`);
};

const exportCommand: Command = async (args) => {
  const { directory } = await cliRuntime();
  const text = JSON.stringify(await directory.export(), null, 2);
  const out = flag(args, 'out');
  if (out) writeFileSync(out, text);
  else console.log(text);
};

export const commands = { import: importCommand, export: exportCommand };
