import ipaddr from 'ipaddr.js';

// IPv6 addresses that carry an IPv4 address inside and can reach it: through the host's own stack (IPv4-compatible
// ::/96, mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96), a NAT64 gateway (64:ff9b::/96), or a tunnel (6to4
// 2002::/16, Teredo 2001::/32, ISATAP interface ids). `https://[::a9fe:a9fe]/` is the metadata service, so these are
// judged by the IPv4 they carry, never by how ordinary the IPv6 looks.

export type EmbeddedForm = 'ipv4-compatible' | 'ipv4-mapped' | 'ipv4-translated' | 'nat64' | '6to4' | 'teredo' | 'isatap';

export interface Embedded {
  form: EmbeddedForm;
  addresses: string[];
}

const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 addresses an IPv6 address embeds, or null. `::` and `::1` are themselves, not IPv4-compatible. */
export function embeddedIPv4(ip: ipaddr.IPv6): Embedded | null {
  const p = ip.parts;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  const last = v4(p[6]!, p[7]!);
  if (zeros(0, 6) && !(p[6] === 0 && p[7]! <= 1)) return { form: 'ipv4-compatible', addresses: [last] };
  if (zeros(0, 5) && p[5] === 0xffff) return { form: 'ipv4-mapped', addresses: [last] };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { form: 'ipv4-translated', addresses: [last] };
  if (p[0] === 0x64 && p[1] === 0xff9b) return { form: 'nat64', addresses: [last] };
  if (p[0] === 0x2002) return { form: '6to4', addresses: [v4(p[1]!, p[2]!)] };
  // Teredo: server address in clear, client address with every bit inverted.
  if (p[0] === 0x2001 && p[1] === 0) return { form: 'teredo', addresses: [v4(p[2]!, p[3]!), v4(~p[6]! & 0xffff, ~p[7]! & 0xffff)] };
  if ((p[4] === 0 || p[4] === 0x200) && p[5] === 0x5efe) return { form: 'isatap', addresses: [last] };
  return null;
}

/** ipaddr.js ranges that mean "an IPv4 address is inside"; the embedded address decides, not the range name. */
export const EMBEDDING_RANGES = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo']);
