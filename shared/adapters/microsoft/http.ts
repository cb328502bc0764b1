import type { TokenCredential } from '@azure/identity';
import { errorMessage, RelayError } from '../../errors.js';

/** The slice of `fetch` this client uses; the global `fetch` fits, tests pass a fake. */
export type FetchLike = (url: string, init: { method: 'GET'; headers: Record<string, string> }) => Promise<Response>;

export interface RequestTarget {
  /** OAuth scope, e.g. `https://graph.microsoft.com/.default`. */
  scope: string;
  /** Tenant to get the token for (a customer tenant for GDAP / AOBO calls); default: the credential's own. */
  tenantId?: string;
  headers?: Record<string, string>;
}

/** A Microsoft API answered with an error, or could not be reached. Names the endpoint, never the token. */
export class MicrosoftApiError extends RelayError {
  readonly code = 'MICROSOFT_API_FAILED';
  constructor(
    readonly endpoint: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`GET ${endpoint} ${detail}`);
    this.name = 'MicrosoftApiError';
  }
}

export interface MicrosoftHttpOptions {
  credential: TokenCredential;
  fetchImpl?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Retries after a 429/503; Graph, ARM and Partner Center all throttle with these and send Retry-After. */
  maxRetries?: number;
  /** Upper bound for one wait, so a huge Retry-After cannot stall a timer-triggered sync. */
  maxWaitMs?: number;
}

const RETRYABLE = new Set([429, 503]);
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Origin and path only: queries can be long and say nothing a person needs. */
export const describeEndpoint = (url: string): string => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

export class MicrosoftHttp {
  private readonly fetchImpl: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: MicrosoftHttpOptions) {
    this.fetchImpl = options.fetchImpl ?? ((url, init) => fetch(url, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
  }

  /** GET a JSON document, retrying throttling answers a bounded number of times. */
  async getJson(url: string, target: RequestTarget): Promise<unknown> {
    const endpoint = describeEndpoint(url);
    const headers = { ...target.headers, Accept: 'application/json', Authorization: `Bearer ${await this.token(endpoint, target)}` };
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, { method: 'GET', headers });
      } catch (error) {
        throw new MicrosoftApiError(endpoint, undefined, `could not be reached: ${errorMessage(error)}`);
      }
      if (response.ok) return parseJson(response, endpoint);
      if (RETRYABLE.has(response.status) && attempt < this.maxRetries) {
        await response.body?.cancel();
        await this.sleep(Math.min(this.maxWaitMs, retryAfterMs(response.headers.get('retry-after'), attempt)));
        continue;
      }
      const retried = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
      throw new MicrosoftApiError(endpoint, response.status, `failed with ${response.status}${await errorCode(response)}${retried}`);
    }
  }

  /**
   * No token is reported as a 401: for a customer tenant it means the same as the API's own 401
   * (the partner's app has no access there). Only the error's name is kept: identity errors can be long.
   */
  private async token(endpoint: string, target: RequestTarget): Promise<string> {
    const tenant = target.tenantId ? ` for tenant ${target.tenantId}` : '';
    try {
      const token = await this.options.credential.getToken(target.scope, target.tenantId ? { tenantId: target.tenantId } : {});
      if (token) return token.token;
    } catch (error) {
      throw new MicrosoftApiError(endpoint, 401, `has no token${tenant}: ${error instanceof Error ? error.name : 'credential failed'}`);
    }
    throw new MicrosoftApiError(endpoint, 401, `has no token${tenant}: the credential returned none`);
  }
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3); without one, back off exponentially. */
export function retryAfterMs(header: string | null, attempt: number, now = Date.now()): number {
  const fallback = 1000 * 2 ** attempt;
  if (header === null || header.trim() === '') return fallback;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallback : Math.max(0, at - now);
}

async function parseJson(response: Response, endpoint: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MicrosoftApiError(endpoint, response.status, 'answered with something that is not JSON');
  }
}

/** Graph/ARM put `{ error: { code } }`, Partner Center `{ code }`: the code helps, the message may be long. */
async function errorCode(response: Response): Promise<string> {
  try {
    const body = JSON.parse(await response.text()) as { error?: { code?: unknown }; code?: unknown };
    const code = body.error?.code ?? body.code;
    return typeof code === 'string' || typeof code === 'number' ? ` (${String(code).slice(0, 100)})` : '';
  } catch {
    return '';
  }
}
