import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Imports every function file in a folder, as Azure's host does with package.json `main` (`dist/functions/*.js`). */
export async function importFunctionFiles(folder: string, extension: '.js' | '.ts'): Promise<string[]> {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(extension) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) await import(pathToFileURL(join(folder, file)).href);
  return files;
}
