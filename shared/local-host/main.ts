import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { liveSecrets } from '../ports/tool-registry.js';
import { startAzurite, portAnswers, type AzuriteProcess } from './azurite.js';
import { printBanner, printRealStorageBanner } from './banner.js';
import { createDemoReceiver } from './demo-receiver.js';
import { ensureDemo } from './demo-setup.js';
import { createDemoPsaRoutes, demoPsaBanner, ensureDemoPsa } from './demo-psa.js';
import { importFunctionFiles } from './load-functions.js';
import { localEnvironment, projectRoot } from './local-settings.js';
import { startLocalHost, type LocalHost } from './start.js';
import { DEV_TABLE_PORT, isLocalAzurite } from '../adapters/tables/dev-storage.js';
import { errorMessage } from '../errors.js';

/** `npm start`: Azurite (unless one already runs), the embedded broker, every function on :7071, the demo. */
async function main(): Promise<void> {
  const env = localEnvironment();
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  let azurite: AzuriteProcess | null = null;
  if (env.TABLES_CONNECTION === 'UseDevelopmentStorage=true' && !(await portAnswers(DEV_TABLE_PORT))) {
    console.log(`Starting Azurite (tables) on 127.0.0.1:${DEV_TABLE_PORT}, data in .azurite/ …`);
    azurite = await startAzurite({ port: DEV_TABLE_PORT, location: join(projectRoot(), '.azurite') });
  }
  const port = Number(process.env.PORT ?? 7071);
  let callbackSecrets: string[] = [];
  const receiver = createDemoReceiver(
    () => callbackSecrets,
    (line) => console.log(line),
  );
  const psa = createDemoPsaRoutes();
  const host = await startLocalHost({
    config,
    port,
    loadFunctions: async () => void (await importFunctionFiles(join(projectRoot(), 'dist', 'functions'), '.js')),
    extraRoute: (req, res, body) => receiver.handle(req, res, body) || psa.handle(req, res, body),
  });
  // Demo data replaces the directory: only ever on the local Azurite, never on storage someone pointed us at.
  const demo = isLocalAzurite(config.tables)
    ? await startDemo(host, config.RELAY_ADMIN_KEY, (secrets) => (callbackSecrets = secrets))
    : null;
  if (demo) {
    // The demo PSA plays a webhook through the host; the banner ("is running on") waits for it, so whoever reads the
    // banner as the ready signal (a person, the tests) finds the demo complete and the host quiet.
    const { demo: connector, webhookFile } = await ensureDemoPsa(host.runtime.deps, host.url, psa.fake);
    printBanner(host.url, demo.credentials, demo.created);
    console.log(demoPsaBanner(host.url, connector, webhookFile).join('\n'));
  } else printRealStorageBanner(host.url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping …');
    if (demo) clearInterval(demo.refresher);
    await host.stop();
    await azurite?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** Loads the demo directory and tools, and keeps the demo receiver's view of the callback secrets current. */
async function startDemo(host: LocalHost, adminKey: string, setSecrets: (secrets: string[]) => void) {
  const { credentials, created } = await ensureDemo(host.runtime.deps, host.runtime.directory, adminKey, `${host.url}/demo/receiver`);
  const refreshSecrets = async () => {
    const tool = await host.runtime.deps.tools.get(credentials.toolId);
    setSecrets(tool ? liveSecrets(tool.callbackSecrets, new Date()) : []);
  };
  await refreshSecrets();
  const refresher = setInterval(() => void refreshSecrets().catch(() => undefined), 10_000);
  refresher.unref();
  return { credentials, created, refresher };
}

main().catch((error: unknown) => {
  console.error(`Cannot start: ${errorMessage(error)}`);
  process.exit(1);
});
