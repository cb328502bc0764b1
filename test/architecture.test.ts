import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? files(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

describe('architecture (README "Layout" "Shape of the code")', () => {
  it('when domain code imports, then it never reaches an Azure SDK, an adapter or I/O', () => {
    const offenders = files('shared/domain').flatMap((f) =>
      importsOf(f)
        .filter(
          (i) =>
            i.startsWith('@azure/') ||
            i.includes('/adapters/') ||
            i.includes('/pipeline/') ||
            /^node:(fs|http|https|net|dns|child_process)/.test(i),
        )
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('when a function file is read, then it is thin: small, no adapters, no domain rules', () => {
    for (const file of files('functions')) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text.split('\n').length, `${file} is too long for a thin function`).toBeLessThanOrEqual(60);
      expect(
        importsOf(file).filter((i) => i.includes('/adapters/')),
        `${file} imports adapters`,
      ).toEqual([]);
      expect(text, `${file} must register through the registry`).toMatch(/\b(http|queue|timer|registerStages)\(/);
    }
  });

  it('when the ports are read, then none imports an adapter (dependencies point inwards)', () => {
    const offenders = files('shared/ports').flatMap((f) =>
      importsOf(f)
        .filter((i) => i.includes('/adapters/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
