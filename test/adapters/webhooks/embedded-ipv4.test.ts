import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { embeddedIPv4 } from '../../../shared/adapters/webhooks/embedded-ipv4.js';
import { judgeAddress } from '../../../shared/adapters/webhooks/address-policy.js';

// Which IPv4 addresses an IPv6 address carries (the SSRF policy judges those, not the IPv6). Expected values are the
// examples of the RFCs that define each form.
const carried = (address: string) => embeddedIPv4(ipaddr.IPv6.parse(address));

describe('embeddedIPv4', () => {
  it.each([
    ['IPv4-compatible (RFC 4291 2.5.5.1), as a URL or DNS writes it', '::c000:280', 'ipv4-compatible', ['192.0.2.128']],
    ['IPv4-compatible whose last byte is 0 or 1', '::102:1', 'ipv4-compatible', ['1.2.0.1']],
    ['IPv4-compatible inside 0.0.0.0/16', '::2', 'ipv4-compatible', ['0.0.0.2']],
    ['IPv4-mapped (RFC 4291 2.5.5.2)', '::ffff:192.0.2.128', 'ipv4-mapped', ['192.0.2.128']],
    ['IPv4-translated (RFC 6145)', '::ffff:0:192.0.2.1', 'ipv4-translated', ['192.0.2.1']],
    ['NAT64 well-known prefix (RFC 6052 2.4)', '64:ff9b::192.0.2.33', 'nat64', ['192.0.2.33']],
    ['6to4 (RFC 3056)', '2002:c000:221::1', '6to4', ['192.0.2.33']],
    // RFC 4380 (and its Wikipedia example): server 65.54.227.120 in clear, client 192.0.2.45 with every bit inverted.
    ['Teredo (RFC 4380)', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo', ['65.54.227.120', '192.0.2.45']],
    ['ISATAP, locally administered IPv4 (RFC 5214 6.1)', 'fe80::5efe:192.0.2.143', 'isatap', ['192.0.2.143']],
    ['ISATAP, globally unique IPv4 (RFC 5214 6.1, 0200:5efe)', '2001:db8::200:5efe:192.0.2.143', 'isatap', ['192.0.2.143']],
  ])('when the address is %s, then it carries the IPv4 the RFC puts there', (_label, address, form, addresses) => {
    expect(carried(address)).toEqual({ form, addresses });
  });

  it.each([
    ['loopback', '::1'],
    ['unspecified', '::'],
    ['an ordinary global address in 2001::/16 (Google Public DNS)', '2001:4860:4860::8888'],
    ['one bit off the NAT64 prefix (second group)', '64:ff9a::c000:221'],
    ['one bit off the NAT64 prefix (first group)', '65:ff9b::c000:221'],
    ['::ffff:1:0:0/96, neither mapped nor translated', '::ffff:1:c000:221'],
    ['an interface id 0001:5efe (not an ISATAP id)', '2001:db8::1:5efe:c000:28f'],
  ])('when the address is %s, then it carries no IPv4', (_label, address) => {
    expect(carried(address)).toBeNull();
  });

  it('when a public IPv6 in 2001::/16 is judged, then it is allowed as itself, not taken for Teredo', () => {
    expect(judgeAddress('2001:4860:4860::8888', false)).toEqual({ allowed: true, loopback: false });
  });
});
