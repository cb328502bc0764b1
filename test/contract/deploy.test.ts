import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../shared/registry.js';
import { blockAfter, entries, literal, readRepoFile, repoRoot } from './bicep.js';

// What azd deploys and what the Functions host loads: package.json `main`, host.json, azure.yaml.
const packageJson = JSON.parse(readRepoFile('package.json')) as { main: string };
const host = JSON.parse(readRepoFile('host.json')) as HostJson;
const infraReadme = readRepoFile('infra/README.md');

interface HostJson {
  version: string;
  functionTimeout: string;
  extensionBundle: { id: string; version: string };
  extensions: { http: { routePrefix: string }; serviceBus: Record<string, unknown> };
  logging: { applicationInsights: { samplingSettings: { isEnabled: boolean; excludedTypes: string } } };
}

const timespanSeconds = (value: string) => value.split(':').reduce((total, part) => total * 60 + Number(part), 0);

describe('package.json main ↔ the bundle (skipped when dist/ is missing: run `npm run build`)', () => {
  const bundle = join(repoRoot, packageJson.main);
  const built = existsSync(bundle) && existsSync(join(repoRoot, 'dist', 'functions'));

  it('when Azure loads main, then it is the one bundle file the build writes', () => {
    expect(packageJson.main).toBe('dist/app/index.js');
  });

  it.skipIf(!built)(
    'when the bundle is imported, then it registers exactly the functions the local host loads from the same sources',
    async () => {
      const describe = (d: FunctionDefinition) =>
        `${d.kind} ${d.name} ${d.kind === 'http' ? `${d.methods.join(',')} ${d.route}` : d.kind === 'queue' ? d.queueName : d.schedule}`;
      const fromBundle = ((await import(pathToFileURL(bundle).href)) as { definitions: FunctionDefinition[] }).definitions;
      const folder = join(repoRoot, 'dist', 'functions');
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.js'))) await import(pathToFileURL(join(folder, file)).href);
      const registry = (await import(pathToFileURL(join(repoRoot, 'dist', 'shared', 'registry.js')).href)) as {
        definitions: FunctionDefinition[];
      };
      // Every function file in functions/ is in both: a renamed or removed file leaves nothing behind in either.
      const sources = readdirSync(join(repoRoot, 'functions')).filter((f) => f.endsWith('.ts')).length;
      expect(readdirSync(folder).filter((f) => f.endsWith('.js'))).toHaveLength(sources);
      expect(fromBundle.map(describe).sort()).toEqual(registry.definitions.map(describe).sort());
      expect(fromBundle.length).toBeGreaterThanOrEqual(sources);
    },
  );
});

describe('host.json', () => {
  const serviceBus = host.extensions.serviceBus;

  it('when the host loads, then it uses the v2 schema and the extension bundle with Service Bus 5.x', () => {
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
    expect(host.extensions.http.routePrefix).toBe('api');
  });

  it('when a stage handler succeeds or throws, then the host completes or abandons the message (Node cannot settle itself)', () => {
    expect(serviceBus.autoCompleteMessages).toBe(true);
    expect(serviceBus.maxConcurrentCalls).toBeGreaterThan(0);
    expect(serviceBus.prefetchCount).toBe(0);
  });

  it('when a handler runs until its timeout, then its message lock is still being renewed', () => {
    expect(timespanSeconds(String(serviceBus.maxAutoLockRenewalDuration))).toBeGreaterThan(timespanSeconds(host.functionTimeout));
  });

  it('when telemetry is sampled, then requests and exceptions are always kept', () => {
    expect(host.logging.applicationInsights.samplingSettings.excludedTypes.split(';')).toEqual(
      expect.arrayContaining(['Request', 'Exception']),
    );
  });

  it('when a host.json setting is tuned, then infra/README.md says why', () => {
    const documented = infraReadme.split('## host.json choices')[1]?.split('\n## ')[0] ?? '';
    for (const key of ['functionTimeout', ...Object.keys(serviceBus), 'excludedTypes', 'routePrefix']) {
      expect(documented, key).toMatch(new RegExp(`^\\| \`${key}\``, 'm'));
    }
  });
});

describe('azure.yaml ↔ infra', () => {
  const azureYaml = readRepoFile('azure.yaml');

  it('when azd deploys the api service, then it finds the function app by its azd-service-name tag', () => {
    const service = /^services:\n {2}(\w+):\n((?: {4}.*\n)+)/m.exec(azureYaml);
    expect(service?.[1]).toBe('api');
    expect(service?.[2]).toMatch(/^ {4}host: function$/m);
    expect(service?.[2]).toMatch(/^ {4}language: ts$/m);
    expect(service?.[2]).toMatch(/^ {4}project: \.$/m);
    const tags = blockAfter(readRepoFile('infra/app/api.bicep'), /\btags:\s*union\(tags,/);
    expect(literal(entries(`\n${tags.replace(/,/g, '\n')}\n`).get('azd-service-name'))).toBe(service?.[1]);
  });
});
