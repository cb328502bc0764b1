import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot } from './bicep.js';

/**
 * What azd uploads (.funcignore) and which Node versions the project claims (package.json engines, .nvmrc, the
 * Function App's runtime in infra/app/api.bicep). The platform builds remotely (azure.yaml), so sources ship.
 */
const patterns = readRepoFile('.funcignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

/** .funcignore uses .gitignore syntax; these are the forms it holds: `dir/`, `name`, `*` within a name. */
function ignored(path: string): boolean {
  const segments = path.split('/');
  return patterns.some((pattern) => {
    const dirOnly = pattern.endsWith('/');
    const glob = new RegExp(
      `^${pattern
        .replace(/\/$/, '')
        .replace(/[.+^$()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')}$`,
    );
    const candidates = dirOnly ? segments.slice(0, -1) : segments;
    return candidates.some((segment) => glob.test(segment));
  });
}

const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('the deploy package (.funcignore)', () => {
  it('when azd uploads the app, then what the remote build and the host need ships', () => {
    const needed = ['package.json', 'package-lock.json', 'tsconfig.json', 'host.json'];
    const sources = tracked.filter((f) => /^(functions|shared)\/.*\.ts$/.test(f));
    expect(sources.length).toBeGreaterThan(50);
    expect([...needed, ...sources].filter(ignored)).toEqual([]);
  });

  it('when azd uploads the app, then tests, benches, CI, the CLI, scripts, data, docs and markdown stay behind', () => {
    const shipped = tracked.filter((f) => !ignored(f));
    expect(shipped.filter((f) => /^(\.ci|bin|test|bench|scripts|data|docs|infra)\//.test(f) || f.endsWith('.md'))).toEqual([]);
    expect(shipped.filter((f) => !/^(functions|shared)\//.test(f)).sort()).toEqual([
      'host.json',
      'package-lock.json',
      'package.json',
      'tsconfig.json',
    ]);
  });
});

describe('Node versions', () => {
  const engines = (JSON.parse(readRepoFile('package.json')) as { engines: { node: string } }).engines.node;
  const majors = [...engines.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
  const azure = /runtime: \{\s*name: 'node'\s*version: '(\d+)'/.exec(readRepoFile('infra/app/api.bicep'))?.[1];

  it('when the project says which Node it runs on, then engines names the local one (.nvmrc) and the one Azure runs', () => {
    expect(majors).toContain(Number(readRepoFile('.nvmrc').trim()));
    expect(majors).toContain(Number(azure));
    expect(majors).toContain(Number(process.versions.node.split('.')[0]));
  });
});
