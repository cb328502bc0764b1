import { describe, expect, it } from 'vitest';
import { cloudEndpoints, scopeFor } from '../../../shared/adapters/microsoft/cloud-endpoints.js';
import { MicrosoftApiError, MicrosoftHttp, retryAfterMs } from '../../../shared/adapters/microsoft/http.js';
import { getAllPages } from '../../../shared/adapters/microsoft/paging.js';
import { fakeCredential, fakeFetch, type Routes } from './fake-microsoft.js';

const url = 'https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues';
const target = { scope: 'https://graph.microsoft.com/.default' };

function client(routes: Routes) {
  const fetch = fakeFetch(routes);
  const waits: number[] = [];
  const http = new MicrosoftHttp({ credential: fakeCredential(), fetchImpl: fetch.impl, sleep: async (ms) => void waits.push(ms) });
  return { http, fetch, waits };
}

async function caught(promise: Promise<unknown>): Promise<MicrosoftApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MicrosoftApiError);
  return error as MicrosoftApiError;
}

describe('MicrosoftHttp', () => {
  it('when the API answers 429 with Retry-After, then it waits that long and retries', async () => {
    const { http, waits } = client({
      [url]: [
        { status: 429, headers: { 'Retry-After': '2' } },
        { status: 200, body: { value: [1] } },
      ],
    });
    expect(await http.getJson(url, target)).toEqual({ value: [1] });
    expect(waits).toEqual([2000]);
  });

  it('when 503 persists, then it gives up after the bounded retries with an error naming the endpoint, never the token', async () => {
    const { http, fetch, waits } = client({ [`${url}?$skip=100`]: { status: 503, body: { error: { code: 'ServiceUnavailable' } } } });
    const error = await caught(http.getJson(`${url}?$skip=100`, target));
    expect(fetch.seen).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(error.status).toBe(503);
    expect(error.message).toBe(`GET ${url} failed with 503 (ServiceUnavailable) after 4 attempts`);
    expect(error.message).not.toContain('tok.');
  });

  it('when Retry-After is a date or missing, then the wait follows the date or backs off exponentially', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:30 GMT', 0, now)).toBe(30_000);
    expect(retryAfterMs(null, 2, now)).toBe(4000);
  });

  it('when Retry-After asks for a day, then the wait is capped so a sync cannot stall', async () => {
    const { http, waits } = client({
      [url]: [
        { status: 429, headers: { 'Retry-After': '86400' } },
        { status: 200, body: {} },
      ],
    });
    await http.getJson(url, target);
    expect(waits).toEqual([60_000]);
  });

  it('when the credential has no token, then the error says which tenant and is a 401', async () => {
    const http = new MicrosoftHttp({ credential: { getToken: async () => null }, fetchImpl: fakeFetch({}).impl });
    const error = await caught(http.getJson(url, { ...target, tenantId: 'customer-tenant' }));
    expect(error.status).toBe(401);
    expect(error.message).toContain('for tenant customer-tenant');
  });

  it('when a next link points at another host, then the token is not sent there', async () => {
    const { http, fetch } = client({ [url]: { status: 200, body: { value: [1], '@odata.nextLink': 'https://evil.example/steal' } } });
    const error = await caught(getAllPages(http, url, target, 'graph'));
    expect(error.message).toContain('another host');
    expect(fetch.seen.map((r) => r.url)).toEqual([url]);
  });

  it('when a page is not a collection, then the error names the endpoint and the expected shape', async () => {
    const { http } = client({ [url]: { status: 200, body: { items: [] } } });
    await expect(getAllPages(http, url, target, 'graph')).rejects.toThrow(`GET ${url} answered with an unexpected graph collection shape`);
  });
});

describe('cloudEndpoints', () => {
  it('when the cloud is usgov, then Graph and ARM are the .us endpoints and Partner Center is shared', () => {
    expect(cloudEndpoints('usgov')).toEqual({
      graph: 'https://graph.microsoft.us',
      arm: 'https://management.usgovcloudapi.net',
      partnerCenter: 'https://api.partnercenter.microsoft.com',
      login: 'https://login.microsoftonline.us',
    });
    expect(cloudEndpoints('usgov', { graph: 'https://dod-graph.microsoft.us' }).graph).toBe('https://dod-graph.microsoft.us');
    expect(scopeFor('https://management.azure.com')).toBe('https://management.azure.com/.default');
  });
});
