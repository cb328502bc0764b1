import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIPv6, type LookupFunction } from 'node:net';

export type PostOutcome =
  | { kind: 'answered'; statusCode: number; headers: IncomingHttpHeaders }
  /** `code` is a Node error code (ECONNREFUSED, ABORT_ERR, CERT_HAS_EXPIRED …), never a message. */
  | { kind: 'failed'; code: string };

/**
 * POST `body` to `url`, connecting only to `addresses` — the ones the SSRF guard just checked. The
 * socket's lookup answers from that list instead of asking DNS again, so an answer that changes
 * between check and connect (DNS rebinding) cannot move us onto an internal address. TLS still
 * verifies the certificate against the URL's host name. This is why we use node:http(s) rather
 * than fetch: Node's fetch has no per-request lookup without undici's Agent, which is not a
 * dependency here. node:http never follows redirects, so a 3xx comes back as an answer.
 */
export function postPinned(
  url: URL,
  addresses: readonly string[],
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<PostOutcome> {
  const payload = Buffer.from(body, 'utf8');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      url,
      // agent: false — no pooled socket from an earlier attempt (and an earlier DNS answer) is reused.
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
        agent: false,
        lookup: pinnedLookup(addresses),
        signal,
      },
      (response) => {
        // Only the status and Retry-After matter; drop the body rather than wait for it.
        resolve({ kind: 'answered', statusCode: response.statusCode ?? 0, headers: response.headers });
        response.destroy();
      },
    );
    request.on('error', (error) => resolve({ kind: 'failed', code: errorCode(error) }));
    request.end(payload);
  });
}

/** Answers the socket's DNS lookup from the checked addresses only (PSA API calls use it too). */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const answers = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? answers.filter((answer) => answer.family === family) : answers;
    const first = usable[0];
    if (first === undefined) callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '');
    else if (options.all) callback(null, usable);
    else callback(null, first.address, first.family);
  };
}

function errorCode(error: Error): string {
  return 'code' in error && typeof error.code === 'string' ? error.code : error.name;
}
