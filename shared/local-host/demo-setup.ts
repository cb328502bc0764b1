import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deps } from '../pipeline/deps.js';
import type { DirectoryWriter } from '../ports/directory.js';
import { demoDirectory, DEMO } from './demo-directory.js';
import { relayDir } from './local-settings.js';

export interface DemoCredentials {
  toolId: string;
  partnerTenantId: string;
  apiKey: string;
  signingSecret: string;
  adminKey: string;
  resellerTool: { toolId: string; partnerTenantId: string; apiKey: string };
}

/**
 * First start: load the demo directory and register the demo tools (the direct partner's, with a callback to the
 * local demo receiver, and the reseller's). Credentials go to .relay/demo-credentials.json; later starts reuse them
 * while the tools still exist in storage.
 */
export async function ensureDemo(
  deps: Deps,
  directory: DirectoryWriter,
  adminKey: string,
  callbackUrl: string,
): Promise<{ credentials: DemoCredentials; created: boolean }> {
  const file = join(relayDir(), 'demo-credentials.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
    const tool = await deps.tools.get(saved.toolId);
    if (tool && (await deps.directory.getPartner(DEMO.direct))) {
      if (tool.callbackUrl !== callbackUrl) await deps.tools.setCallback(tool.toolId, callbackUrl);
      return { credentials: { ...saved, adminKey }, created: false };
    }
  }
  await directory.replace(demoDirectory());
  const main = await deps.tools.add({ partnerTenantId: DEMO.direct, name: 'Demo PSA (Contoso)', callbackUrl });
  const reseller = await deps.tools.add({ partnerTenantId: DEMO.reseller, name: 'Demo PSA (Fabrikam reseller)' });
  const credentials: DemoCredentials = {
    toolId: main.tool.toolId,
    partnerTenantId: DEMO.direct,
    apiKey: main.apiKey,
    signingSecret: main.signingSecret,
    adminKey,
    resellerTool: { toolId: reseller.tool.toolId, partnerTenantId: DEMO.reseller, apiKey: reseller.apiKey },
  };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return { credentials, created: true };
}
