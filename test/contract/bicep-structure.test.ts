import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOnly, delimiterProblems, readRepoFile, repoRoot, withoutComments } from './bicep.js';
import { modules, outputReferences, outputs, params, uses } from './bicep-declarations.js';

// A structural lint of infra/**/*.bicep: no Bicep compiler installs from the npm registry, so this catches
// what a typo or a one-sided rename breaks between files before `azd provision` would.
const bicepFiles = (readdirSync(join(repoRoot, 'infra'), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.bicep'))
  .map((file) => join('infra', file).split('\\').join('/'))
  .sort();
const source = new Map(bicepFiles.map((file) => [file, readRepoFile(file)]));
const localTarget = (file: string, path: string) =>
  relative(repoRoot, join(repoRoot, dirname(file), path))
    .split('\\')
    .join('/');

describe.each(bicepFiles)('%s', (file) => {
  const src = source.get(file)!;

  it('when it is parsed, then every bracket, brace and string is closed', () => {
    expect(delimiterProblems(src)).toEqual([]);
  });

  it('when it declares a parameter or variable, then it uses it', () => {
    const declared = [...params(src).map((p) => p.name), ...[...codeOnly(src).matchAll(/^var\s+(\w+)/gm)].map((m) => m[1]!)];
    expect(declared.filter((name) => uses(src, name) === 0)).toEqual([]);
  });

  it('when it uses a local module, then the file exists, takes every argument and gets every required one', () => {
    for (const use of modules(src).filter((m) => !m.path.startsWith('br'))) {
      const target = localTarget(file, use.path);
      expect(source.has(target), `${use.path} from ${file}`).toBe(true);
      const targetParams = params(source.get(target)!);
      expect(
        [...use.args.keys()].filter((arg) => !targetParams.some((p) => p.name === arg)),
        `unknown params of ${target}`,
      ).toEqual([]);
      expect(
        targetParams.filter((p) => !p.optional && !use.args.has(p.name)).map((p) => p.name),
        `missing params of ${target}`,
      ).toEqual([]);
    }
  });

  it('when it reads a local module output, then that module declares it', () => {
    const local = new Map(
      modules(src)
        .filter((m) => !m.path.startsWith('br'))
        .map((m) => [m.symbol, localTarget(file, m.path)]),
    );
    const missing = outputReferences(src)
      .filter((ref) => local.has(ref.symbol))
      .filter((ref) => !outputs(source.get(local.get(ref.symbol)!) ?? '').includes(ref.output));
    expect(missing).toEqual([]);
  });

  it('when it uses a registry module or a resource type, then the version is pinned', () => {
    for (const use of modules(src).filter((m) => m.path.startsWith('br'))) {
      expect(use.path).toMatch(/^br\/public:avm\/res\/[\w/-]+:\d+\.\d+\.\d+$/);
    }
    for (const m of withoutComments(src).matchAll(/^resource\s+\w+\s+'([^']+)'/gm)) {
      expect(m[1]).toMatch(/^[\w.]+\/[\w/]+@\d{4}-\d{2}-\d{2}(-preview)?$/);
    }
  });

  it('when it is deployed, then no key or connection string is read or written', () => {
    expect(withoutComments(src)).not.toMatch(/listKeys\(|AccountKey=|SharedAccessKey|listConnectionStrings/i);
  });
});

describe('infra/main.parameters.json ↔ infra/main.bicep', () => {
  const mapped = Object.keys((JSON.parse(readRepoFile('infra/main.parameters.json')) as { parameters: object }).parameters);
  const declared = params(source.get('infra/main.bicep')!);

  it('when azd passes a parameter, then main.bicep declares it', () => {
    expect(mapped.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
  });

  it('when main.bicep needs a parameter, then azd passes it', () => {
    expect(declared.filter((p) => !p.optional && !mapped.includes(p.name)).map((p) => p.name)).toEqual([]);
  });

  it('when azd runs hooks or loads JSON, then the files exist', () => {
    const hooks = [...readRepoFile('azure.yaml').matchAll(/^\s+run: (\S+)$/gm)].map((m) => m[1]!);
    const json = [...source.get('infra/main.bicep')!.matchAll(/loadJsonContent\('([^']+)'\)/g)].map((m) => join('infra', m[1]!));
    expect(hooks.length).toBeGreaterThan(0);
    expect([...hooks, ...json].filter((path) => !existsSync(join(repoRoot, path)))).toEqual([]);
  });
});
