import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
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

/** `*` within a path segment, `**` across segments, `{a,b}` alternatives: the globs the host accepts in `main`. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^$()|\\]/g, '\\$&');
  const pattern = escaped
    .replace(/\*\*/g, '\0')
    .replace(/\*/g, '[^/]*')
    .replace(/\0/g, '.*')
    .replace(/\{([^}]*)\}/g, (_all, options: string) => `(${options.split(',').join('|')})`);
  return new RegExp(`^${pattern}$`);
}

/** Where tsc puts the JavaScript for each source file, computed by TypeScript from tsconfig.json. */
function emittedFor(sources: string[]): string[] {
  const configPath = join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
  // A file tsconfig does not include emits nothing; listing it anyway would hide that, so only included ones count.
  const included = sources.map((source) => join(repoRoot, source)).filter((path) => parsed.fileNames.includes(path) || !existsSync(path));
  const withNew = { ...parsed, fileNames: [...parsed.fileNames, ...included.filter((path) => !existsSync(path))] };
  return included.flatMap((path) => ts.getOutputFileNames(withNew, path, false))
    .filter((file) => file.endsWith('.js'))
    .map((file) => relative(repoRoot, file).split('\\').join('/'));
}

const timespanSeconds = (value: string) => value.split(':').reduce((total, part) => total * 60 + Number(part), 0);

describe('package.json main ↔ what tsc emits for functions/', () => {
  const main = globToRegExp(packageJson.main);
  const functionFiles = readdirSync(join(repoRoot, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => `functions/${f}`);

  it('when tsc builds a function file, then the host finds it through main', () => {
    const emitted = emittedFor([...functionFiles, 'functions/a-new-function.ts']);
    expect(emitted.length).toBe(functionFiles.length + 1);
    expect(emitted.filter((file) => !main.test(file))).toEqual([]);
  });

  it('when tsc builds shared code or tests, then the host does not load them as functions', () => {
    expect(emittedFor(['shared/queues.ts', 'bench/run.ts']).filter((file) => main.test(file))).toEqual([]);
    expect(main.test('dist/test/contract/infra.test.js')).toBe(false);
  });
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
    expect(host.logging.applicationInsights.samplingSettings.excludedTypes.split(';')).toEqual(expect.arrayContaining(['Request', 'Exception']));
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
