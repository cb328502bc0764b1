import ipaddr from 'ipaddr.js';
import { EMBEDDING_RANGES, embeddedIPv4 } from './embedded-ipv4.js';

// Which IP addresses a partner callback may reach. Allow-list, not deny-list: anything ipaddr.js does
// not call plain `unicast` (private, loopback, link-local, unique-local, CGNAT, multicast, broadcast,
// unspecified, documentation, …) is refused, so a range we forgot cannot leak. IPv6 forms that carry
// an IPv4 address (embedded-ipv4.ts) are judged by every IPv4 address they carry.

/** Ordinary-looking unicast addresses that are cloud platform endpoints. */
const PLATFORM_ADDRESSES = new Map<string, string>([
  ['168.63.129.16', 'azure-wire-server'],
  ['169.254.169.254', 'cloud-metadata'],
]);

export type AddressVerdict = { allowed: true; loopback: boolean } | { allowed: false; range: string };

/** `allowLocal` lets loopback through (local development) and nothing else. */
export function judgeAddress(address: string, allowLocal: boolean): AddressVerdict {
  if (!ipaddr.isValid(address)) return { allowed: false, range: 'not-an-ip-address' };
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return judgeSingle(ip, allowLocal);
  const embedded = embeddedIPv4(ip as ipaddr.IPv6);
  if (embedded === null) return judgeSingle(ip, allowLocal);
  let loopback = true;
  for (const inner of embedded.addresses) {
    const verdict = judgeSingle(ipaddr.parse(inner), allowLocal);
    if (!verdict.allowed) return { allowed: false, range: `${verdict.range} inside ${embedded.form}` };
    loopback &&= verdict.loopback;
  }
  // The carrier itself must be unicast or one of the embedding ranges (an ISATAP id on a link-local prefix is not).
  const outer = ip.range();
  if (outer !== 'unicast' && !EMBEDDING_RANGES.has(outer)) return { allowed: false, range: outer };
  return { allowed: true, loopback };
}

function judgeSingle(ip: ipaddr.IPv4 | ipaddr.IPv6, allowLocal: boolean): AddressVerdict {
  const platform = PLATFORM_ADDRESSES.get(ip.toString());
  if (platform !== undefined) return { allowed: false, range: platform };
  const range = ip.range();
  if (range === 'unicast') return { allowed: true, loopback: false };
  if (range === 'loopback' && allowLocal) return { allowed: true, loopback: true };
  return { allowed: false, range };
}

/** A URL hostname that is an IP literal, without IPv6 brackets; `undefined` for a DNS name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}
