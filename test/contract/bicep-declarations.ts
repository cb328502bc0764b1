import { blockAfter, codeOnly, entries, stringLiterals, withoutComments } from './bicep.js';

/** Declarations of one Bicep file, read as text (see bicep.ts for why). */
export interface Param {
  name: string;
  /** Has a default value or a nullable type: callers may leave it out. */
  optional: boolean;
  defaultValue: string | undefined;
  /** Values of its `@allowed([...])` decorator, if any. */
  allowed: string[];
}

export interface ModuleUse {
  symbol: string;
  /** Relative path (`app/api.bicep`) or registry reference (`br/public:…`). */
  path: string;
  /** Arguments passed in its `params: {…}` block, as raw expressions. */
  args: Map<string, string>;
}

export function params(src: string): Param[] {
  const code = codeOnly(src);
  const text = withoutComments(src);
  const found: Param[] = [];
  let previousEnd = 0;
  for (const m of code.matchAll(/^param\s+(\w+)\s+(\S+)/gm)) {
    const lineEnd = code.indexOf('\n', m.index) < 0 ? code.length : code.indexOf('\n', m.index);
    const equals = code.slice(m.index, lineEnd).indexOf('=');
    const defaultValue = equals < 0 ? undefined : text.slice(m.index + equals + 1, lineEnd).trim();
    const decorators = text.slice(previousEnd, m.index);
    const allowed = /@allowed\(/.test(codeOnly(decorators)) ? stringLiterals(blockAfter(decorators, /@allowed\(/)) : [];
    found.push({ name: m[1]!, optional: m[2]!.endsWith('?') || defaultValue !== undefined, defaultValue, allowed });
    previousEnd = lineEnd;
  }
  return found;
}

export function outputs(src: string): string[] {
  return [...codeOnly(src).matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!);
}

export function modules(src: string): ModuleUse[] {
  return [...withoutComments(src).matchAll(/^module\s+(\w+)\s+'([^']+)'/gm)].map((m) => {
    const body = blockAfter(src.slice(m.index), /=/);
    const hasParams = /\bparams\s*:/.test(codeOnly(body));
    return { symbol: m[1]!, path: m[2]!, args: hasParams ? entries(blockAfter(body, /\bparams\s*:/)) : new Map() };
  });
}

/** How often an identifier is used in code, not counting its declaration or object keys spelled like it. */
export function uses(src: string, name: string): number {
  const code = codeOnly(src).replace(/^(param|var|output|resource|module)\s+\w+/gm, '');
  const all = [...code.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].length;
  const asKey = [...code.matchAll(new RegExp(`(?:^|[{,])\\s*${name}\\s*:`, 'gm'))].length;
  return all - asKey;
}

/** `symbol.outputs.name` references in code. */
export function outputReferences(src: string): { symbol: string; output: string }[] {
  return [...codeOnly(src).matchAll(/\b(\w+)\.outputs\.(\w+)/g)].map((m) => ({ symbol: m[1]!, output: m[2]! }));
}
