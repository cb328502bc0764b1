import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Just enough Bicep reading for the contract tests: no Bicep compiler installs from the npm registry, so
 * these helpers lex strings, interpolations and comments and pull out declarations and blocks as text.
 */
export const repoRoot = join(import.meta.dirname, '..', '..');
export const readRepoFile = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

/** `interpolation`: code inside `${…}` of a string; `nested-string`: a string literal written there. */
type Kind = 'code' | 'interpolation' | 'string' | 'nested-string' | 'comment';

/** Kind of every character, and how many strings are still open at the end (0 for valid Bicep). */
export function classify(src: string): Kind[] & { unterminated: number } {
  const kinds: Kind[] = new Array<Kind>(src.length);
  // One frame per string being read: the brace depth of the interpolation open in it, or -1 for none.
  const strings: number[] = [];
  let i = 0;
  const mark = (n: number, kind: Kind) => {
    const actual =
      kind === 'code' && strings.length > 0 ? 'interpolation' : kind === 'string' && strings.length > 1 ? 'nested-string' : kind;
    for (let k = 0; k < n && i < src.length; k++) kinds[i++] = actual;
  };
  while (i < src.length) {
    const depth = strings.at(-1);
    if (depth !== undefined && depth < 0) {
      if (src[i] === '\\') mark(2, 'string');
      else if (src.startsWith('${', i)) {
        mark(2, 'code');
        strings[strings.length - 1] = 0;
      } else if (src[i] === "'") {
        mark(1, 'string');
        strings.pop();
      } else mark(1, 'string');
    } else if (src.startsWith("'''", i)) {
      const end = src.indexOf("'''", i + 3);
      mark((end < 0 ? src.length : end + 3) - i, 'string');
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      mark((end < 0 ? src.length : end) - i, 'comment');
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      mark((end < 0 ? src.length : end + 2) - i, 'comment');
    } else if (src[i] === "'") {
      strings.push(-1);
      mark(1, 'string');
    } else if (depth !== undefined && src[i] === '}' && depth === 0) {
      mark(1, 'code');
      strings[strings.length - 1] = -1;
    } else {
      if (depth !== undefined && src[i] === '{') strings[strings.length - 1] = depth + 1;
      if (depth !== undefined && src[i] === '}') strings[strings.length - 1] = depth - 1;
      mark(1, 'code');
    }
  }
  return Object.assign(kinds, { unterminated: strings.length });
}

/** The source with every character of `blank` kinds replaced (newlines kept), offsets unchanged. */
function keep(src: string, blank: Kind[], by = ' '): string {
  const kinds = classify(src);
  return src
    .split('')
    .map((c, i) => (c === '\n' || !blank.includes(kinds[i]!) ? c : by))
    .join('');
}

/** The source with everything but code blanked (newlines kept), so a regex never matches a comment or a string. */
export function codeOnly(src: string): string {
  return keep(src, ['string', 'nested-string', 'comment']);
}

/** The source with comments blanked (strings kept). */
export function withoutComments(src: string): string {
  return keep(src, ['comment']);
}

const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Unbalanced (), [] or {} in code, as "line N: …" messages; an unterminated string is reported too. */
export function delimiterProblems(src: string): string[] {
  const kinds = classify(src);
  const open: { c: string; line: number }[] = [];
  const problems: string[] = [];
  let line = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\n') line++;
    if (kinds[i] !== 'code' && kinds[i] !== 'interpolation') continue;
    if (c === '(' || c === '[' || c === '{') open.push({ c, line });
    const opener = pairs[c];
    if (opener && open.pop()?.c !== opener) problems.push(`line ${line}: '${c}' closes nothing open`);
  }
  for (const o of open) problems.push(`line ${o.line}: '${o.c}' is never closed`);
  if (kinds.unterminated > 0) problems.push('a string is never closed');
  return problems;
}

/** Text inside the first `{…}` or `[…]` that starts at or after the end of `after`'s first match. */
export function blockAfter(src: string, after: RegExp): string {
  const code = codeOnly(src);
  const match = after.exec(code);
  if (!match) throw new Error(`no match for ${after}`);
  const start = code.slice(match.index + match[0].length).search(/[{[]/) + match.index + match[0].length;
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    if ('{['.includes(code[i]!)) depth++;
    if ('}]'.includes(code[i]!) && --depth === 0) return withoutComments(src.slice(start + 1, i));
  }
  throw new Error(`block after ${after} is never closed`);
}

/** Top-level `key: value` entries of an object block; a value may continue on following lines. */
export function entries(block: string): Map<string, string> {
  const code = codeOnly(block);
  const result = new Map<string, string>();
  let depth = 0;
  let lineDepth = 0;
  let key: string | undefined;
  let lineStart = 0;
  for (let i = 0; i <= block.length; i++) {
    if (i === block.length || block[i] === '\n') {
      const line = block.slice(lineStart, i);
      const entry = lineDepth === 0 && /^\s*'?([\w-]+)'?\s*:\s?(.*)$/.exec(line);
      if (entry && entry[1] !== undefined) result.set((key = entry[1]), (entry[2] ?? '').trim());
      else if (key !== undefined && line.trim()) result.set(key, `${result.get(key)}\n${line.trim()}`);
      lineStart = i + 1;
      lineDepth = depth;
    }
    if ('{[('.includes(code[i] ?? ' ')) depth++;
    if ('}])'.includes(code[i] ?? ' ')) depth--;
  }
  return result;
}

/** Every plain string literal in a block (interpolated ones skipped), in order. */
export function stringLiterals(block: string): string[] {
  return [...keep(block, ['comment', 'interpolation', 'nested-string'], '\0').matchAll(/'((?:[^'\\]|\\.)*)'/g)]
    .map((m) => m[1]!)
    .filter((s) => !s.includes('\0'))
    .map((s) => s.replace(/\\'/g, "'"));
}

/** A literal value: `'text'` → text, `true`/`false`, a number; undefined for an expression. */
export function literal(value: string | undefined): string | number | boolean | undefined {
  const v = value?.trim();
  if (v === undefined) return undefined;
  if (/^'(?:[^'\\$]|\\.|\$(?!\{))*'$/.test(v)) return v.slice(1, -1).replace(/\\'/g, "'");
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+$/.test(v)) return Number(v);
  return undefined;
}
