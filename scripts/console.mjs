// `npm run console`: `npm start`, a few demo tickets through the public API (fixed idempotency keys, so a second run
// adds none), then the operator console in the default browser. The key is never put in the URL: paste the printed
// apiKey (or adminKey) on the sign-in page.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const windows = process.platform === 'win32';
const host = spawn(windows ? 'npm.cmd' : 'npm', ['start'], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], shell: windows });
let seen = '';
let opened = false;

host.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  seen += chunk.toString();
  const match = /Operator console: (\S+)/.exec(seen);
  if (!opened && match && seen.includes('Press Ctrl-C')) {
    opened = true;
    void demoTickets(new URL(match[1]).origin).finally(() => openBrowser(match[1]));
  }
});
host.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));

const CUSTOMERS = [
  ['aaaaaaaa-0000-4000-8000-000000000001', 'DEMO-1', {}],
  ['aaaaaaaa-0000-4000-8000-000000000002', 'DEMO-2', {}],
  ['aaaaaaaa-0000-4000-8000-000000000003', 'DEMO-3', { productId: 'contoso-backup-365' }],
];

async function demoTickets(origin) {
  let apiKey;
  try {
    ({ apiKey } = JSON.parse(readFileSync(join(process.env.RELAY_STATE_DIR ?? join(root, '.relay'), 'demo-credentials.json'), 'utf8')));
  } catch {
    return; // not the local demo (real storage): nothing to add
  }
  for (const [customerTenantId, externalRef, extra] of CUSTOMERS) {
    const body = {
      customerTenantId,
      workload: 'office365',
      service: 'Exchange Online',
      title: 'Mail flow delayed',
      description: 'Outbound mail queued for 40 minutes.',
      severity: 'high',
      agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      externalRef,
      ...extra,
    };
    await fetch(`${origin}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': `console-${externalRef}` },
      body: JSON.stringify(body),
    }).catch(() => undefined);
  }
}

function openBrowser(url) {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : windows ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  spawn(command, args, { stdio: 'ignore', detached: true })
    .on('error', () => console.log(`Open ${url} in a browser.`))
    .unref();
}
