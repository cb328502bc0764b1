import { lookup } from 'node:dns/promises';
import { ipLiteral, judgeAddress } from './address-policy.js';

// Callback URLs are partner-supplied, and we POST to them from inside Azure: without this guard a
// partner could make us call IMDS, the wire server, the managed-identity endpoint on loopback, or
// anything in our VNet (OWASP API7). Every A and AAAA answer is checked, because one bad answer is
// enough for a connection to land there. Messages name the host, never the whole URL: query strings
// sometimes carry the partner's tokens.

/** Every address a host name resolves to (A and AAAA). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const systemResolve: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((answer) => answer.address);

export type CallbackUrlRefusal =
  | 'invalid-url'
  | 'scheme-not-allowed'
  | 'credentials-in-url'
  | 'blocked-host'
  | 'blocked-address'
  | 'port-not-allowed'
  | 'unresolvable-host';

export type CallbackUrlCheck =
  | { ok: true; url: URL; addresses: string[] }
  /**
   * `detail` is for operators (it may name the addresses a host resolved to); `publicDetail` is what a partner may
   * see on a delivery: no addresses, and the same words whether a name is unresolvable or resolves somewhere private,
   * so deliveries cannot be used to probe the relay's network or DNS.
   */
  | { ok: false; reason: CallbackUrlRefusal; detail: string; publicReason: string; publicDetail: string };

export interface CallbackUrlOptions {
  /** RELAY_ALLOW_LOCAL_CALLBACKS: loopback (and http to it) allowed; private ranges stay blocked. */
  allowLocal: boolean;
  /** RELAY_CALLBACK_PORTS: the ports a public callback may use (443 unless configured). Loopback is not limited. */
  allowedPorts?: readonly number[];
  resolve?: ResolveHost;
}

export const DEFAULT_CALLBACK_PORTS: readonly number[] = [443];

const LOCAL_ONLY = 'only loopback, and only with RELAY_ALLOW_LOCAL_CALLBACKS=true';

export async function checkCallbackUrl(raw: string | URL, options: CallbackUrlOptions): Promise<CallbackUrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('invalid-url', 'the callback URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('scheme-not-allowed', 'callback URLs must use https');
  if (url.protocol === 'http:' && !options.allowLocal)
    return refuse('scheme-not-allowed', `callback URLs must use https (http: ${LOCAL_ONLY})`);
  if (url.username !== '' || url.password !== '')
    return refuse('credentials-in-url', 'callback URLs must not carry a user name or password');

  // WHATWG URL parsing already turned 2130706433, 0177.0.0.1, 0x7f.0.0.1 and 127.1 into 127.0.0.1.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return refuse('invalid-url', 'the callback URL has no host');
  if (!options.allowLocal && (host === 'localhost' || host.endsWith('.localhost'))) {
    return refuse('blocked-host', `${host} is a loopback name (${LOCAL_ONLY})`);
  }

  const literal = ipLiteral(host);
  const resolved = literal === undefined ? await resolveAll(host, options.resolve ?? systemResolve) : [literal];
  const notPublic = `${host} does not resolve to a public address; callbacks must reach public addresses`;
  if (typeof resolved === 'string') return refuse('unresolvable-host', resolved, notPublic);

  let allLoopback = true;
  for (const address of resolved) {
    const verdict = judgeAddress(address, options.allowLocal);
    if (!verdict.allowed)
      return refuse(
        'blocked-address',
        `${host} resolves to ${address} (${verdict.range}); callbacks must reach public addresses`,
        notPublic,
      );
    allLoopback &&= verdict.loopback;
  }
  if (url.protocol === 'http:' && !allLoopback) return refuse('scheme-not-allowed', `${host} is not loopback; http is for ${LOCAL_ONLY}`);
  const ports = options.allowedPorts ?? DEFAULT_CALLBACK_PORTS;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!allLoopback && !ports.includes(port)) {
    return refuse('port-not-allowed', `port ${port} is not allowed for callbacks; allowed: ${ports.join(', ')} (RELAY_CALLBACK_PORTS)`);
  }
  return { ok: true, url, addresses: resolved };
}

/** The addresses, or why there are none. */
async function resolveAll(host: string, resolve: ResolveHost): Promise<string[] | string> {
  try {
    const addresses = await resolve(host);
    return addresses.length > 0 ? addresses : `${host} has no A or AAAA records`;
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'lookup failed';
    return `could not resolve ${host} (${code})`;
  }
}

function refuse(reason: CallbackUrlRefusal, detail: string, publicDetail = detail): CallbackUrlCheck {
  const publicReason = reason === 'blocked-address' || reason === 'unresolvable-host' ? 'not-public' : reason;
  return { ok: false, reason, detail, publicReason, publicDetail };
}
