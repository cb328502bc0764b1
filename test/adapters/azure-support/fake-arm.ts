import type { MicrosoftSupportOptionalParams } from '@azure/arm-support';
import type { AccessToken, TokenCredential } from '@azure/identity';

type HttpClient = NonNullable<MicrosoftSupportOptionalParams['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;
type HttpHeaders = PipelineResponse['headers'];

/** What the fake ARM saw: enough to assert on tokens, URL and the exact body. */
export interface SeenRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
  auxiliary: string | undefined;
  body: unknown;
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | { networkError: string };

/** Case-insensitive headers, the shape core-rest-pipeline's responses have. */
class Headers implements HttpHeaders {
  private readonly map = new Map<string, string>();
  constructor(init: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(init)) this.set(k, v);
  }
  get(name: string) {
    return this.map.get(name.toLowerCase());
  }
  has(name: string) {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string | number | boolean) {
    this.map.set(name.toLowerCase(), String(value));
  }
  delete(name: string) {
    this.map.delete(name.toLowerCase());
  }
  toJSON() {
    return Object.fromEntries(this.map);
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

/**
 * A scripted Azure Resource Manager behind the SDK's HttpClient seam: `answer` decides per request, every request is
 * recorded. Nothing leaves the process.
 */
export function fakeArm(answer: (seen: SeenRequest, index: number) => Answer): { httpClient: HttpClient; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      const text = typeof request.body === 'string' ? request.body : undefined;
      const entry: SeenRequest = {
        method: request.method,
        url: new URL(request.url),
        authorization: request.headers.get('authorization'),
        auxiliary: request.headers.get('x-ms-authorization-auxiliary'),
        body: text === undefined ? undefined : (JSON.parse(text) as unknown),
      };
      seen.push(entry);
      const reply = answer(entry, seen.length - 1);
      if ('networkError' in reply) throw Object.assign(new Error(reply.networkError), { name: 'RestError', code: 'REQUEST_SEND_ERROR' });
      const bodyAsText = reply.body === undefined ? '' : JSON.stringify(reply.body);
      return { request, status: reply.status, headers: new Headers({ 'content-type': 'application/json', ...reply.headers }), bodyAsText };
    },
  };
  return { httpClient, seen };
}

export const armError = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

/** Tokens that name their tenant, so a test can see which tenant each header came from. */
export function fakeCredential(refuse: Set<string> = new Set(), scopesAsked: string[] = []): TokenCredential {
  return {
    getToken: async (scopes, options): Promise<AccessToken> => {
      scopesAsked.push(...[scopes].flat());
      const tenant = options?.tenantId ?? 'home';
      if (refuse.has(tenant))
        throw Object.assign(new Error(`AADSTS700016: app not found in ${tenant}`), { name: 'AuthenticationError', statusCode: 400 });
      return { token: `tok-${tenant}`, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}
