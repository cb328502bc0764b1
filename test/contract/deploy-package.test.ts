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

/**
 * .funcignore uses .gitignore syntax; these are the forms it holds: `dir/`, `name`, `*` within a name, a path with a
 * slash (from the root, e.g. `scripts/*`) and `!` to take a file back. The last pattern that matches decides.
 */
function ignored(path: string): boolean {
  let result = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    if (matches(negate ? raw.slice(1) : raw, path)) result = !negate;
  }
  return result;
}

function matches(pattern: string, path: string): boolean {
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/\/$/, '');
  const glob = new RegExp(`^${body.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  const segments = path.split('/');
  if (body.includes('/')) {
    // Anchored at the root: the pattern names a path prefix (a folder only when it ends in `/`).
    return segments.some((_, i) => glob.test(segments.slice(0, i + 1).join('/')) && (!dirOnly || i < segments.length - 1));
  }
  const candidates = dirOnly ? segments.slice(0, -1) : segments;
  return candidates.some((segment) => glob.test(segment));
}

const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('the deploy package (.funcignore)', () => {
  it('when azd uploads the app, then what the remote build and the host need ships', () => {
    // The remote build runs tsc and then scripts/bundle.mjs; the console's static files are served at run time.
    const needed = ['package.json', 'package-lock.json', 'tsconfig.json', 'host.json', 'scripts/bundle.mjs', 'console/index.html'];
    const sources = tracked.filter((f) => /^(functions|shared)\/.*\.ts$/.test(f));
    expect(sources.length).toBeGreaterThan(50);
    expect([...needed, ...sources].filter(ignored)).toEqual([]);
  });

  it('when azd uploads the app, then tests, benches, CI, the CLI, scripts, data, docs and markdown stay behind', () => {
    const shipped = tracked.filter((f) => !ignored(f));
    const developerOnly = (f: string) =>
      /^(\.ci|bin|test|bench|data|docs|infra)\//.test(f) || (f.startsWith('scripts/') && f !== 'scripts/bundle.mjs');
    expect(shipped.filter((f) => developerOnly(f) || f.endsWith('.md'))).toEqual([]);
    expect(shipped.filter((f) => !/^(functions|shared|console)\//.test(f)).sort()).toEqual([
      'host.json',
      'package-lock.json',
      'package.json',
      'scripts/bundle.mjs',
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
