import ipaddr from 'ipaddr.js';

// Which IP addresses a partner callback may reach. Allow-list, not deny-list: anything ipaddr.js does
// not call plain `unicast` (private, loopback, link-local, unique-local, CGNAT, multicast, broadcast,
// unspecified, documentation, NAT64, 6to4, Teredo, …) is refused, so a range we forgot cannot leak.

/** Ordinary-looking unicast addresses that are cloud platform endpoints. */
const PLATFORM_ADDRESSES = new Map<string, string>([
  ['168.63.129.16', 'azure-wire-server'],
  ['169.254.169.254', 'cloud-metadata'],
]);

export type AddressVerdict = { allowed: true; loopback: boolean } | { allowed: false; range: string };

/** `allowLocal` lets loopback through (local development) and nothing else. */
export function judgeAddress(address: string, allowLocal: boolean): AddressVerdict {
  if (!ipaddr.isValid(address)) return { allowed: false, range: 'not-an-ip-address' };
  // process() unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1) so it is judged as the IPv4 it reaches.
  const ip = ipaddr.process(address);
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
