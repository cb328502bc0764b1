import { z } from 'zod';

/**
 * A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema: `input` for what the relay accepts (request bodies),
 * `output` for what it answers. The one conversion every OpenAPI piece uses.
 */
export function jsonSchema(s: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}
