import type { ResolveHost } from '../../../shared/adapters/webhooks/ssrf-guard.js';

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

/** Callback URLs a partner must not be able to point the relay at (with RELAY_ALLOW_LOCAL_CALLBACKS off). */
export const HOSTILE_URLS: [label: string, url: string][] = [
  ['cloud metadata (IMDS)', 'https://169.254.169.254/metadata/identity'],
  ['Azure wire server', 'https://168.63.129.16/machine'],
  ['IPv4 loopback', 'https://127.0.0.1/hook'],
  ['IPv6 loopback', 'https://[::1]/hook'],
  ['unspecified IPv4', 'https://0.0.0.0/hook'],
  ['unspecified IPv6', 'https://[::]/hook'],
  ['private 10/8', 'https://10.0.0.5/hook'],
  ['private 172.16/12', 'https://172.16.0.1/hook'],
  ['private 192.168/16', 'https://192.168.1.1/hook'],
  ['carrier-grade NAT', 'https://100.64.0.1/hook'],
  ['link-local IPv4', 'https://169.254.10.10/hook'],
  ['link-local IPv6', 'https://[fe80::1]/hook'],
  ['unique-local IPv6', 'https://[fd00::1]/hook'],
  ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hook'],
  ['IPv4-mapped IMDS in hex', 'https://[::ffff:a9fe:a9fe]/hook'],
  ['IPv4-compatible IMDS', 'https://[::a9fe:a9fe]/hook'],
  ['IPv4-compatible wire server', 'https://[::a83f:8110]/hook'],
  ['NAT64 of IMDS', 'https://[64:ff9b::a9fe:a9fe]/hook'],
  ['6to4 of IMDS', 'https://[2002:a9fe:a9fe::1]/hook'],
  ['a public host on a port outside RELAY_CALLBACK_PORTS', 'https://hooks.partner.example:8080/hook'],
  ['decimal 127.0.0.1', 'https://2130706433/hook'],
  ['octal 127.0.0.1', 'https://0177.0.0.1/hook'],
  ['hex 127.0.0.1', 'https://0x7f.0.0.1/hook'],
  ['short 127.1', 'https://127.1/hook'],
  ['decimal IMDS', 'https://2852039166/hook'],
  ['localhost by name', 'https://localhost/hook'],
  ['a name resolving to a private address', 'https://internal.partner.example/hook'],
  ['a name with one private answer among public ones', 'https://mixed.partner.example/hook'],
  ['a name with a unique-local AAAA answer', 'https://v6-private.partner.example/hook'],
  ['a name resolving to IPv4-mapped IMDS', 'https://metadata.partner.example/hook'],
  ['a name resolving to the wire server', 'https://wire.partner.example/hook'],
  ['plain http to a public host', 'http://hooks.partner.example/hook'],
  ['credentials in the URL', 'https://user:secret@hooks.partner.example/hook'],
  ['a non-http scheme', 'ftp://hooks.partner.example/hook'],
];

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
