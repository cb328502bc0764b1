import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../shared/http/openapi.js';
import { importFunctionFiles } from '../../shared/local-host/load-functions.js';
import { definitions } from '../../shared/registry.js';

const root = join(import.meta.dirname, '..', '..');
const committed = JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };

describe('OpenAPI document (docs/openapi.json)', () => {
  beforeAll(async () => {
    await importFunctionFiles(join(root, 'functions'), '.ts');
  });

  it('when validated with a maintained OpenAPI validator, then it is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(committed));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('when generated from the zod schemas again, then it equals the committed file (run `npm run openapi` after changing a schema)', () => {
    expect(JSON.parse(JSON.stringify(buildOpenApi()))).toEqual(committed);
  });

  it('when compared with the registered HTTP functions, then every route and method is documented and nothing else', () => {
    const served = definitions
      .filter((d) => d.kind === 'http')
      .flatMap((d) => (d.kind === 'http' ? d.methods.map((m) => `${m.toLowerCase()} /${d.route}`) : []))
      .sort();
    const documented = Object.entries(committed.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });
});
