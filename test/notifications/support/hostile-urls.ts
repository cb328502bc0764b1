import type { CallbackUrlRefusal, ResolveHost } from '../../../shared/adapters/webhooks/ssrf-guard.js';

/** Public answers for the names partners may legitimately use. */
export const PUBLIC_ANSWERS: Record<string, string[]> = {
  'hooks.partner.example': ['93.184.216.34'],
};

/** Names whose DNS answers point inside (faked; nothing here asks a real DNS). */
const HOSTILE_ANSWERS: Record<string, string[]> = {
  'internal.partner.example': ['10.1.2.3'],
  'mixed.partner.example': ['93.184.216.34', '192.168.0.10'],
  'v6-private.partner.example': ['2606:4700::1111', 'fd12:3456::1'],
  'metadata.partner.example': ['::ffff:169.254.169.254'],
  'wire.partner.example': ['168.63.129.16'],
};

/**
 * Callback URLs a partner must not be able to point the relay at (with RELAY_ALLOW_LOCAL_CALLBACKS off), and why:
 * the reason is what an operator reads, so a URL refused for the wrong reason is a bug even though it is refused.
 */
export const HOSTILE_URLS: [label: string, url: string, reason: CallbackUrlRefusal][] = [
  ['cloud metadata (IMDS)', 'https://169.254.169.254/metadata/identity', 'blocked-address'],
  ['Azure wire server', 'https://168.63.129.16/machine', 'blocked-address'],
  ['IPv4 loopback', 'https://127.0.0.1/hook', 'blocked-address'],
  ['IPv6 loopback', 'https://[::1]/hook', 'blocked-address'],
  ['unspecified IPv4', 'https://0.0.0.0/hook', 'blocked-address'],
  ['unspecified IPv6', 'https://[::]/hook', 'blocked-address'],
  ['private 10/8', 'https://10.0.0.5/hook', 'blocked-address'],
  ['private 172.16/12', 'https://172.16.0.1/hook', 'blocked-address'],
  ['private 192.168/16', 'https://192.168.1.1/hook', 'blocked-address'],
  ['carrier-grade NAT', 'https://100.64.0.1/hook', 'blocked-address'],
  ['link-local IPv4', 'https://169.254.10.10/hook', 'blocked-address'],
  ['link-local IPv6', 'https://[fe80::1]/hook', 'blocked-address'],
  ['unique-local IPv6', 'https://[fd00::1]/hook', 'blocked-address'],
  ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hook', 'blocked-address'],
  ['IPv4-mapped IMDS in hex', 'https://[::ffff:a9fe:a9fe]/hook', 'blocked-address'],
  ['IPv4-compatible IMDS', 'https://[::a9fe:a9fe]/hook', 'blocked-address'],
  ['IPv4-compatible wire server', 'https://[::a83f:8110]/hook', 'blocked-address'],
  ['NAT64 of IMDS', 'https://[64:ff9b::a9fe:a9fe]/hook', 'blocked-address'],
  ['6to4 of IMDS', 'https://[2002:a9fe:a9fe::1]/hook', 'blocked-address'],
  ['a public host on a port outside RELAY_CALLBACK_PORTS', 'https://hooks.partner.example:8080/hook', 'port-not-allowed'],
  ['decimal 127.0.0.1', 'https://2130706433/hook', 'blocked-address'],
  ['octal 127.0.0.1', 'https://0177.0.0.1/hook', 'blocked-address'],
  ['hex 127.0.0.1', 'https://0x7f.0.0.1/hook', 'blocked-address'],
  ['short 127.1', 'https://127.1/hook', 'blocked-address'],
  ['decimal IMDS', 'https://2852039166/hook', 'blocked-address'],
  ['localhost by name', 'https://localhost/hook', 'blocked-host'],
  ['a name resolving to a private address', 'https://internal.partner.example/hook', 'blocked-address'],
  ['a name with one private answer among public ones', 'https://mixed.partner.example/hook', 'blocked-address'],
  ['a name with a unique-local AAAA answer', 'https://v6-private.partner.example/hook', 'blocked-address'],
  ['a name resolving to IPv4-mapped IMDS', 'https://metadata.partner.example/hook', 'blocked-address'],
  ['a name resolving to the wire server', 'https://wire.partner.example/hook', 'blocked-address'],
  ['plain http to a public host', 'http://hooks.partner.example/hook', 'scheme-not-allowed'],
  ['credentials in the URL', 'https://user:secret@hooks.partner.example/hook', 'credentials-in-url'],
  ['a non-http scheme', 'ftp://hooks.partner.example/hook', 'scheme-not-allowed'],
];

/** How the relay words a refusal, for the CLI's error and the delivery log alike: the reason, then what to fix. */
export const refusedBecause = (reason: CallbackUrlRefusal) => new RegExp(`^callback URL refused \\(${reason}\\): \\S`);

/** A DNS that knows the names above and may be changed by a test; anything else is NXDOMAIN. */
export function fakeDns(extra: Record<string, string[]> = {}): ResolveHost & { answers: Record<string, string[]> } {
  const answers: Record<string, string[]> = { ...PUBLIC_ANSWERS, ...HOSTILE_ANSWERS, ...extra };
  const resolve = async (hostname: string) => {
    const answer = answers[hostname];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  };
  return Object.assign(resolve, { answers });
}
