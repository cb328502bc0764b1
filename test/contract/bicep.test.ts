import { describe, expect, it } from 'vitest';
import { blockAfter, codeOnly, delimiterProblems, entries, literal, stringLiterals } from './bicep.js';
import { modules, outputReferences, params, uses } from './bicep-declarations.js';

// The contract tests are only as good as this reader: these pin that it can fail, and where.
describe('reading Bicep as text', () => {
  it('when braces sit in strings, comments or interpolations, then they do not count as delimiters', () => {
    const src = "var a = '{[('\n// }\n/* ] */\nvar b = '${union({ x: '}' }, {})}' // )\nvar c = '//'\n";
    expect(delimiterProblems(src)).toEqual([]);
  });

  it('when a block is left open or closed twice, then the line is reported', () => {
    expect(delimiterProblems('var a = {\n  b: [1, 2\n}\n')).toEqual(["line 3: '}' closes nothing open", "line 1: '{' is never closed"]);
    expect(delimiterProblems("var a = 'unclosed\n")).toEqual(['a string is never closed']);
  });

  it('when `//` is inside a string, then the rest of the line is still code', () => {
    expect(codeOnly("var c = split(x, '//')[1] // note")).toBe(`var c = split(x,     )[1]${' '.repeat(8)}`);
  });

  it('when an object spans lines, then entries keep top-level keys and multi-line values', () => {
    const block = blockAfter("var s = {\n  A: 'x' // why\n  'b-c': cond\n    ? 1\n    : 2\n  D: {\n    E: 1\n  }\n}", /var s =/);
    const read = entries(block);
    expect([...read.keys()]).toEqual(['A', 'b-c', 'D']);
    expect(literal(read.get('A'))).toBe('x');
    expect(read.get('b-c')).toBe('cond\n? 1\n: 2');
  });

  it('when strings are interpolated, then only plain literals are listed and expressions are not literals', () => {
    expect(stringLiterals("[\n  'a'\n  '${x('y')}z'\n  'it\\'s'\n]")).toEqual(['a', "it's"]);
    expect(literal("'${x}'")).toBeUndefined();
    expect(literal('10')).toBe(10);
  });

  it('when params have decorators and defaults, then optional and allowed values are read', () => {
    const src = "@allowed([\n  'on'\n  'off'\n])\nparam flag string = 'off'\nparam id string\nparam maybe string?\n";
    expect(params(src)).toEqual([
      { name: 'flag', optional: true, defaultValue: "'off'", allowed: ['on', 'off'] },
      { name: 'id', optional: false, defaultValue: undefined, allowed: [] },
      { name: 'maybe', optional: true, defaultValue: undefined, allowed: [] },
    ]);
  });

  it('when a module is used, then its path, arguments and output references are found', () => {
    const src =
      "module api 'app/api.bicep' = {\n  name: 'api'\n  params: {\n    id: other.outputs.clientId\n  }\n}\noutput x string = api.outputs.name\n";
    expect(modules(src)).toEqual([{ symbol: 'api', path: 'app/api.bicep', args: new Map([['id', 'other.outputs.clientId']]) }]);
    expect(outputReferences(src)).toEqual([
      { symbol: 'other', output: 'clientId' },
      { symbol: 'api', output: 'name' },
    ]);
  });

  it('when an identifier is only declared or used as a key, then it has no uses', () => {
    expect(uses('param name string\nvar o = { name: 1 }\n', 'name')).toBe(0);
    expect(uses("param name string\nvar o = { name: name }\nvar s = '${name}'\n", 'name')).toBe(2);
  });
});
