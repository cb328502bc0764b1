import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../shared/domain/reasons.js';
import { EVENT_TYPES } from '../../shared/domain/ticket.js';

/** The docs a partner reads instead of the code: they must name every code and event the code can produce. */
const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const tracked = () => execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('docs/rules.md', () => {
  const rules = read('docs/rules.md');
  const documented = [...rules.matchAll(/^\| `([A-Z_]+)` \| (block|warn) \|[^|]*\|([^|]+)\|([^|]+)\|$/gm)];

  it('when a reason code exists in the code, then the reason-code table explains it with a meaning and a fix', () => {
    expect(documented.map((row) => row[1]).sort()).toEqual([...REASON_CODES].sort());
    for (const [, code, , meaning, fix] of documented)
      expect([code, meaning!.trim().length > 10, fix!.trim().length > 10]).toEqual([code, true, true]);
  });
});

describe('docs/events.md', () => {
  const events = read('docs/events.md');
  const examples = [...events.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1]!) as { type: string; timestamp: string; data: object },
  );

  it('when an event type exists, then it has a section and a JSON example of the { type, timestamp, data } body', () => {
    for (const type of EVENT_TYPES) expect(events, type).toMatch(new RegExp(`^## .*\`${type.replace('.', '\\.')}\``, 'm'));
    const shown = new Set(examples.map((e) => e.type));
    const sharedShape = ['incident.updated', 'incident.resolved']; // one example, "the same shape"
    expect(EVENT_TYPES.filter((t) => !shown.has(t) && !sharedShape.includes(t))).toEqual([]);
    for (const e of examples)
      expect([EVENT_TYPES.includes(e.type as never), Number.isNaN(Date.parse(e.timestamp)), typeof e.data]).toEqual([
        true,
        false,
        'object',
      ]);
  });
});

describe('references', () => {
  it('when a file cites a document of the repository, then that document exists', () => {
    const files = tracked().filter(
      (f) => /\.(ts|mjs|js|md|json|bicep)$/.test(f) && !f.startsWith('test/mutation/') && !f.startsWith('data/'),
    );
    const missing = files.flatMap((f) =>
      [...read(f).matchAll(/\bdocs\/[\w.-]+\.(?:md|json)\b/g)]
        .map((m) => m[0])
        .filter((doc) => !existsSync(join(root, doc)))
        .map((doc) => `${f}: ${doc}`),
    );
    expect(missing).toEqual([]);
  });

  it('when code or docs send the reader somewhere, then it is inside the repository, never a document outside it', () => {
    const outside = ['CONTRACT', 'DOMAIN', 'DESIGN'].map((name) => `${name}.md`).concat(['hand' + 'out']);
    const files = tracked().filter((f) => !f.startsWith('test/mutation/') && !f.startsWith('data/') && !/\.(crt|key)$/.test(f));
    const hits = files.flatMap((f) =>
      outside.filter((word) => read(f).toLowerCase().includes(word.toLowerCase())).map((word) => `${f}: ${word}`),
    );
    expect(hits).toEqual([]);
  });
});
