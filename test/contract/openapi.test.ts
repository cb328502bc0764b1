import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../shared/http/openapi.js';
import { importFunctionFiles } from '../../shared/local-host/load-functions.js';
import { REASON_CODES } from '../../shared/domain/reasons.js';
import { EVENT_TYPES } from '../../shared/domain/ticket.js';
import { definitions } from '../../shared/registry.js';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { properties: { type: unknown; data: unknown } } }> };
}
// A type alias, not an interface: the validator takes any JSON object (`Record<string, unknown>`).
type Document = {
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation }>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

const root = join(import.meta.dirname, '..', '..');
const committed = JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')) as Document;
const operations = () => [
  ...Object.entries(committed.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ name: `${method} ${path}`, op })),
  ),
  ...Object.entries(committed.webhooks).map(([event, { post }]) => ({ name: `webhook ${event}`, op: post })),
];

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

  it('when any operation or webhook is read, then it has a summary and an operationId, and no two share an operationId', () => {
    const all = operations();
    expect(all.filter(({ op }) => !op.summary || !op.operationId).map(({ name }) => name)).toEqual([]);
    expect(new Set(all.map(({ op }) => op.operationId)).size).toBe(all.length);
  });

  it('when a partner builds a receiver, then every event type is a signed webhook whose body names its type and describes its data', () => {
    expect(Object.keys(committed.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const { post } = committed.webhooks[type]!;
      const body = post.requestBody?.content['application/json']?.schema;
      expect(body?.properties.type, type).toEqual({ const: type });
      expect(body?.properties.data, type).toBeTypeOf('object');
      expect(post.security, type).toEqual([{ relaySignature: [] }]);
    }
  });

  it('when a reason is read (ticket or readiness), then its code is one of the published reason codes', () => {
    const { Reason, Ticket } = committed.components.schemas;
    expect(Reason?.properties.code).toMatchObject({ enum: [...REASON_CODES] });
    expect(Ticket?.properties.reasons).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Reason' } });
  });
});
