import { describe, expect, it } from 'vitest';
import { json, problem } from '../../shared/http/problem.js';

/** RFC 9457 as docs/openapi.json promises it: type, title, status, detail, and errors only when there are some. */
describe('problem', () => {
  it.each([
    [400, 'Bad request'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'Not found'],
    [405, 'Method not allowed'],
    [409, 'Conflict'],
    [413, 'Payload too large'],
    [415, 'Unsupported media type'],
    [422, 'Unprocessable content'],
    [429, 'Too many requests'],
    [500, 'Internal error'],
    [503, 'Service unavailable'],
  ])('when the status is %i, then the title is "%s" and the type names the status', (status, title) => {
    expect(problem(status, 'why')).toEqual({
      status,
      headers: { 'content-type': 'application/problem+json' },
      jsonBody: { type: `https://csp-support-relay.dev/problems/${status}`, title, status, detail: 'why' },
    });
  });

  it('when field errors are given, then they are listed; when the list is empty, then there is no errors member', () => {
    const errors = [{ path: 'workload', message: 'Invalid option' }];
    expect(problem(400, 'why', { errors }).jsonBody).toMatchObject({ errors });
    expect(problem(400, 'why', { errors: [] }).jsonBody).not.toHaveProperty('errors');
  });

  it('when the status has no title of its own, then the title is "Error" and the rest still follows RFC 9457', () => {
    expect(problem(418, 'why').jsonBody).toEqual({
      type: 'https://csp-support-relay.dev/problems/418',
      title: 'Error',
      status: 418,
      detail: 'why',
    });
  });

  it('when a problem type is given, then it replaces the per-status one', () => {
    expect(problem(409, 'why', { type: 'https://csp-support-relay.dev/problems/case-closed' }).jsonBody).toMatchObject({
      type: 'https://csp-support-relay.dev/problems/case-closed',
      title: 'Conflict',
    });
  });

  it('when a plain JSON answer is built, then it is application/json with its headers and body as given', () => {
    expect(json(202, { ticketId: 't-1' }, { location: '/api/v1/service-requests/t-1' })).toEqual({
      status: 202,
      headers: { 'content-type': 'application/json', location: '/api/v1/service-requests/t-1' },
      jsonBody: { ticketId: 't-1' },
    });
  });

  it('when headers are given, then they are added without losing the problem media type', () => {
    expect(problem(429, 'slow down', { headers: { 'retry-after': '7' } }).headers).toEqual({
      'content-type': 'application/problem+json',
      'retry-after': '7',
    });
  });
});
