import { z } from 'zod';
import { describeEndpoint, MicrosoftApiError, type MicrosoftHttp, type RequestTarget } from './http.js';

/**
 * How each API says "there is more":
 * - graph: `@odata.nextLink` (https://learn.microsoft.com/graph/paging)
 * - arm: `nextLink` (https://learn.microsoft.com/rest/api/azure/#async-operations-throttling-and-paging)
 * - partner-center: `links.next` `{ uri, headers: [{ key: "MS-ContinuationToken", value }] }`, the
 *   `continuationToken` repeated at the top level; the SDK sends those headers to `links.next.uri`, and
 *   a page without `links.next` is the last one
 *   (Partner-Center-DotNet SDK BaseResourceCollectionEnumerator; example in
 *   https://learn.microsoft.com/partner-center/developer/get-invoice-unbilled-consumption-lineitems).
 */
export type PageStyle = 'graph' | 'arm' | 'partner-center';

interface Page {
  items: unknown[];
  next?: { url: string; headers: Record<string, string> };
}

const graphPage = z.looseObject({ value: z.array(z.unknown()), '@odata.nextLink': z.string().nullish() });
const armPage = z.looseObject({ value: z.array(z.unknown()), nextLink: z.string().nullish() });
const partnerCenterPage = z.looseObject({
  items: z.array(z.unknown()).default([]),
  continuationToken: z.string().nullish(),
  links: z
    .looseObject({
      next: z.looseObject({ uri: z.string(), headers: z.array(z.object({ key: z.string(), value: z.string() })).default([]) }).nullish(),
    })
    .nullish(),
});

const CONTINUATION_HEADER = 'MS-ContinuationToken';
/** A directory of 100 000 objects at Graph's smallest page size; past that something loops. */
const MAX_PAGES = 1000;

/** Every item of a paged collection, following the API's own continuation. */
export async function getAllPages(http: MicrosoftHttp, url: string, target: RequestTarget, style: PageStyle): Promise<unknown[]> {
  const origin = new URL(url).origin;
  const items: unknown[] = [];
  let request: Page['next'] = { url, headers: {} };
  for (let page = 0; request !== undefined; page++) {
    if (page === MAX_PAGES) throw new MicrosoftApiError(describeEndpoint(url), undefined, `still has more after ${MAX_PAGES} pages`);
    // The bearer token goes with every page: never follow a link to another host.
    if (new URL(request.url).origin !== origin) {
      throw new MicrosoftApiError(describeEndpoint(url), undefined, 'pointed its next page at another host');
    }
    const body = await http.getJson(request.url, { ...target, headers: { ...target.headers, ...request.headers } });
    const parsed = parsePage(body, style, origin);
    if (parsed === undefined)
      throw new MicrosoftApiError(describeEndpoint(request.url), 200, `answered with an unexpected ${style} collection shape`);
    items.push(...parsed.items);
    request = parsed.next;
  }
  return items;
}

function parsePage(body: unknown, style: PageStyle, origin: string): Page | undefined {
  if (style === 'graph') {
    const page = graphPage.safeParse(body);
    return page.success ? { items: page.data.value, next: link(page.data['@odata.nextLink']) } : undefined;
  }
  if (style === 'arm') {
    const page = armPage.safeParse(body);
    return page.success ? { items: page.data.value, next: link(page.data.nextLink) } : undefined;
  }
  const page = partnerCenterPage.safeParse(body);
  if (!page.success) return undefined;
  const next = page.data.links?.next;
  if (!next) return { items: page.data.items };
  const headers = Object.fromEntries(next.headers.map((h) => [h.key, h.value]));
  // Some answers carry the token only at the top level; the SDK sends it as this header either way.
  if (page.data.continuationToken && !Object.keys(headers).some((k) => k.toLowerCase() === CONTINUATION_HEADER.toLowerCase())) {
    headers[CONTINUATION_HEADER] = page.data.continuationToken;
  }
  return { items: page.data.items, next: { url: partnerCenterUrl(origin, next.uri), headers } };
}

const link = (url: string | null | undefined): Page['next'] => (url ? { url, headers: {} } : undefined);

/** Partner Center links are relative, with or without the `/v1` prefix depending on the resource. */
function partnerCenterUrl(origin: string, uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri;
  const path = uri.startsWith('/') ? uri : `/${uri}`;
  return `${origin}${path.startsWith('/v1/') ? path : `/v1${path}`}`;
}

/** Every item of a paged collection, each parsed with `schema`; a stranger item is an error naming the endpoint. */
export async function getAllItems<T>(
  http: MicrosoftHttp,
  url: string,
  target: RequestTarget,
  style: PageStyle,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const items = await getAllPages(http, url, target, style);
  return items.map((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(item)'}: ${issue.message}` : 'unexpected shape';
    throw new MicrosoftApiError(describeEndpoint(url), 200, `returned an unexpected item ${index} (${where})`);
  });
}
