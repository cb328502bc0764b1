import type { HttpResponseInit } from '@azure/functions';

/** RFC 9457 problem details: what callers get for every error (docs/openapi.json). Never a stack trace or a secret. */
export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problem(
  status: number,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string>; type?: string } = {},
): HttpResponseInit {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...extra.headers },
    jsonBody: {
      type: extra.type ?? `https://csp-support-relay.dev/problems/${status}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      ...(extra.errors?.length ? { errors: extra.errors } : {}),
    },
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json', ...headers }, jsonBody: body };
}
