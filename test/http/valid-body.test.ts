import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { recordCaseSchema } from '../../shared/http/case-input.js';
import { readValidBody } from '../../shared/http/valid-body.js';

/**
 * The body reader of the case, service-health and console mapping endpoints (docs/openapi.json): JSON up to 64 KiB,
 * checked against the endpoint's schema; each way to get it wrong has its own problem answer, and nothing else runs.
 */
const INVALID = 'The body does not match the schema.';
const request = (body: string, type = 'application/json') =>
  new HttpRequest({
    method: 'POST',
    url: 'http://relay.test/api/v1/service-requests/T/case',
    headers: { 'content-type': type },
    body: { string: body },
  });

const read = (body: string, type?: string) => readValidBody(request(body, type), recordCaseSchema, INVALID);

describe('readValidBody', () => {
  it('when the body matches the schema, then its parsed value comes back, trimmed as the schema says', async () => {
    expect(await read('{"microsoftCaseId":" 2603010010001234 ","filedBy":"Ana"}')).toEqual({
      ok: true,
      value: { microsoftCaseId: '2603010010001234', filedBy: 'Ana' },
    });
  });

  it('when a field is wrong or unknown, then 400 with the given detail and one error per field, by path', async () => {
    const answer = await read('{"microsoftCaseId":"no","colour":"red"}');
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.response.status).toBe(400);
    expect(answer.response.headers).toEqual({ 'content-type': 'application/problem+json' });
    const body = answer.response.jsonBody as { detail: string; errors: { path: string; message: string }[] };
    expect(body.detail).toBe(INVALID);
    // An unknown field is named in an error about the body as a whole, as on submission.
    expect(body.errors.map((e) => e.path).sort()).toEqual(['(body)', 'microsoftCaseId']);
    expect(body.errors.find((e) => e.path === '(body)')?.message).toContain('colour');
    expect(body.errors.find((e) => e.path === 'microsoftCaseId')?.message).toBe(
      "must be Microsoft's case number: 4–64 letters, digits or hyphens",
    );
  });

  it('when the body is not JSON, then 400 saying so, without field errors', async () => {
    const answer = await read('{"microsoftCaseId":');
    expect(answer).toMatchObject({ ok: false, response: { status: 400 } });
    const body = (answer.ok ? {} : answer.response.jsonBody) as { detail: string; errors?: unknown };
    expect(body.detail).not.toBe(INVALID);
    expect(body.detail).toMatch(/JSON/);
    expect(body.errors).toBeUndefined();
  });

  it('when the body is another media type or too large, then 415 or 413, before any parsing', async () => {
    expect(await read('{"microsoftCaseId":"2603010010001234"}', 'text/plain')).toMatchObject({ ok: false, response: { status: 415 } });
    expect(await read(`"${'x'.repeat(64 * 1024)}"`)).toMatchObject({
      ok: false,
      response: { status: 413, jsonBody: { detail: expect.stringContaining('65536 bytes') } },
    });
  });
});
