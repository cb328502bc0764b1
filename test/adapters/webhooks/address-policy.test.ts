import { describe, expect, it } from 'vitest';
import { ipLiteral, judgeAddress } from '../../../shared/adapters/webhooks/address-policy.js';

// The address policy on its own: the verdict the SSRF guard turns into a refusal (its range is the reason an operator
// reads) and the loopback flag that decides whether plain http and any port are allowed (local development only).
describe('judgeAddress', () => {
  it.each(['partner.example', '', '256.1.1.1', '1.2.3.4:443'])(
    'when %j is not an IP address, then it is refused as not-an-ip-address',
    (value) => {
      expect(judgeAddress(value, true)).toEqual({ allowed: false, range: 'not-an-ip-address' });
    },
  );

  it('when an IPv6 address carries loopback and local callbacks are allowed, then it counts as loopback', () => {
    expect(judgeAddress('::ffff:127.0.0.1', true)).toEqual({ allowed: true, loopback: true });
  });

  it.each([
    ['ipv4-mapped', '::ffff:8.8.8.8'],
    ['ipv4-translated', '::ffff:0:8.8.8.8'],
    ['nat64', '64:ff9b::8.8.8.8'],
    ['6to4', '2002:808:808::1'],
    ['teredo (server and client public)', '2001:0:808:808::f7f7:f7f7'],
    ['isatap on a global prefix', '2a00:1450::5efe:8.8.8.8'],
  ])(
    'when an IPv6 address carries a public IPv4 (%s), then it is allowed and is not loopback, even with local callbacks allowed',
    (_form, address) => {
      // Not loopback: http and ports outside RELAY_CALLBACK_PORTS stay refused for it.
      expect(judgeAddress(address, true)).toEqual({ allowed: true, loopback: false });
      expect(judgeAddress(address, false)).toEqual({ allowed: true, loopback: false });
    },
  );

  it('when an ISATAP interface id sits on a link-local prefix, then the carrier itself is refused as linkLocal', () => {
    expect(judgeAddress('fe80::5efe:8.8.8.8', false)).toEqual({ allowed: false, range: 'linkLocal' });
    expect(judgeAddress('fe80::200:5efe:8.8.8.8', true)).toEqual({ allowed: false, range: 'linkLocal' });
  });

  it('when an ISATAP interface id sits on a unique-local prefix, then the carrier is refused as uniqueLocal', () => {
    expect(judgeAddress('fd00::5efe:8.8.8.8', false)).toEqual({ allowed: false, range: 'uniqueLocal' });
  });
});

describe('ipLiteral', () => {
  it.each([
    ['[2606:4700::1111]', '2606:4700::1111'],
    ['[::ffff:a9fe:a9fe]', '::ffff:a9fe:a9fe'],
    ['203.0.113.7', '203.0.113.7'],
  ])('when a URL host is the IP literal %s, then the bare address is %s', (host, bare) => {
    expect(ipLiteral(host)).toBe(bare);
  });

  it('when a URL host is a DNS name, then it is not an IP literal', () => {
    expect(ipLiteral('partner.example')).toBeUndefined();
  });
});
