import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { toFieldErrors } from '../domain/submission.js';
import { problem } from './problem.js';
import { parseJson, readJsonBody } from './read-body.js';

export type ValidBody<T> = { ok: true; value: T } | { ok: false; response: HttpResponseInit };

/**
 * A JSON body checked against `schema`, or the problem to answer: 413/415 from reading it, 400 when it is not JSON,
 * 400 with `invalid` and one `{ path, message }` per field when it does not match.
 */
export async function readValidBody<S extends z.ZodType>(request: HttpRequest, schema: S, invalid: string): Promise<ValidBody<z.infer<S>>> {
  const body = await readJsonBody(request);
  if (!body.ok) return { ok: false, response: problem(body.status, body.detail) };
  const parsed = parseJson(body.bytes);
  if (!parsed.ok) return { ok: false, response: problem(400, parsed.detail) };
  const input = schema.safeParse(parsed.value);
  if (!input.success) return { ok: false, response: problem(400, invalid, { errors: toFieldErrors(input.error) }) };
  return { ok: true, value: input.data };
}
