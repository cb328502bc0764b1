import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLocalAzurite } from '../adapters/tables/dev-storage.js';

/** The project root (where package.json is), found from this file whether it runs from dist/ or from source. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Local state (keys, demo credentials); RELAY_STATE_DIR moves it (tests use a temporary folder). */
export const relayDir = () => process.env.RELAY_STATE_DIR ?? join(projectRoot(), '.relay');

/**
 * Local keys for `npm start` and the CLI: generated once into .relay/local-keys.json (git-ignored), so both see
 * the same admin key and can decrypt the same tool secrets. Environment variables override them.
 */
export function localKeys(): { adminKey: string; encryptionKey: string } {
  const file = join(relayDir(), 'local-keys.json');
  if (!existsSync(file)) {
    mkdirSync(relayDir(), { recursive: true });
    const keys = { adminKey: `adm_${randomBytes(24).toString('base64url')}`, encryptionKey: randomBytes(32).toString('base64') };
    writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  const keys = JSON.parse(readFileSync(file, 'utf8')) as { adminKey: string; encryptionKey: string };
  return { adminKey: process.env.RELAY_ADMIN_KEY ?? keys.adminKey, encryptionKey: process.env.RELAY_ENCRYPTION_KEY ?? keys.encryptionKey };
}

/** Settings `npm start` and the CLI use when none are given: Azurite on its standard port, the embedded broker. */
export function localEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const keys = localKeys();
  const realBus = env.ServiceBusConnection || env.ServiceBusConnection__fullyQualifiedNamespace;
  const tables = env.TABLES_CONNECTION ?? (env.TABLES_ACCOUNT_URL ? undefined : 'UseDevelopmentStorage=true');
  const local = tables !== undefined && isLocalAzurite({ kind: 'connection-string', value: tables });
  return {
    ...env,
    TABLES_CONNECTION: tables,
    RELAY_EMBEDDED_BROKER: env.RELAY_EMBEDDED_BROKER ?? (realBus ? 'false' : 'true'),
    // On by default only against the local Azurite; anything else is real storage, where it is refused (config.ts).
    RELAY_ALLOW_LOCAL_CALLBACKS: env.RELAY_ALLOW_LOCAL_CALLBACKS ?? (local ? 'true' : 'false'),
    RELAY_ADMIN_KEY: keys.adminKey,
    RELAY_ENCRYPTION_KEY: keys.encryptionKey,
  };
}
