import { describe, expect, it } from 'vitest';
import { checkCallbackUrl, type ResolveHost } from '../../../shared/adapters/webhooks/ssrf-guard.js';

/** A DNS that knows a few names; anything else is NXDOMAIN. Records every question. */
function fakeDns(records: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const answer = records[hostname];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  };
  return Object.assign(resolve, { asked });
}

const dns = fakeDns({
  'partner.example': ['203.0.114.10', '2606:4700::1111'],
  'internal.example': ['10.1.2.3'],
  'mixed.example': ['93.184.216.34', '192.168.1.20'],
  'v6-private.example': ['93.184.216.34', 'fd12:3456::1'],
  'mapped.example': ['::ffff:169.254.169.254'],
  localhost: ['127.0.0.1', '::1'],
  'dev.partner.example': ['127.0.0.1'],
  'empty.example': [],
});

describe('checkCallbackUrl', () => {
  it.each([
    ['IMDS', 'https://169.254.169.254/metadata/identity', 'blocked-address'],
    ['Azure wire server', 'https://168.63.129.16/machine', 'blocked-address'],
    ['loopback', 'https://127.0.0.1/hook', 'blocked-address'],
    ['loopback elsewhere in 127/8', 'https://127.45.6.7/hook', 'blocked-address'],
    ['IPv6 loopback', 'https://[::1]/hook', 'blocked-address'],
    ['unspecified IPv4', 'https://0.0.0.0/hook', 'blocked-address'],
    ['unspecified IPv6', 'https://[::]/hook', 'blocked-address'],
    ['private 10/8', 'https://10.0.0.5/hook', 'blocked-address'],
    ['private 172.16/12', 'https://172.31.255.1/hook', 'blocked-address'],
    ['private 192.168/16', 'https://192.168.0.1/hook', 'blocked-address'],
    ['CGNAT 100.64/10', 'https://100.100.100.100/hook', 'blocked-address'],
    ['link-local IPv4', 'https://169.254.10.10/hook', 'blocked-address'],
    ['link-local IPv6', 'https://[fe80::1]/hook', 'blocked-address'],
    ['unique-local IPv6', 'https://[fd00:ec2::254]/hook', 'blocked-address'],
    ['multicast IPv4', 'https://224.0.0.1/hook', 'blocked-address'],
    ['multicast IPv6', 'https://[ff02::1]/hook', 'blocked-address'],
    ['broadcast', 'https://255.255.255.255/hook', 'blocked-address'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hook', 'blocked-address'],
    ['IPv4-mapped IMDS, hex form', 'https://[::ffff:a9fe:a9fe]/hook', 'blocked-address'],
    ['NAT64 of loopback', 'https://[64:ff9b::7f00:1]/hook', 'blocked-address'],
    // Every IPv6 form that carries an IPv4 address is judged by that address (issue 17).
    ['IPv4-compatible IMDS', 'https://[::a9fe:a9fe]/hook', 'blocked-address'],
    ['IPv4-compatible wire server', 'https://[::a83f:8110]/hook', 'blocked-address'],
    ['IPv4-compatible loopback', 'https://[::7f00:1]/hook', 'blocked-address'],
    ['IPv4-compatible private', 'https://[::10.0.0.5]/hook', 'blocked-address'],
    ['IPv4-translated IMDS', 'https://[::ffff:0:a9fe:a9fe]/hook', 'blocked-address'],
    ['NAT64 of IMDS', 'https://[64:ff9b::a9fe:a9fe]/hook', 'blocked-address'],
    ['NAT64 of the wire server', 'https://[64:ff9b::a83f:8110]/hook', 'blocked-address'],
    ['local-use NAT64 of IMDS', 'https://[64:ff9b:1::a9fe:a9fe]/hook', 'blocked-address'],
    ['6to4 of IMDS', 'https://[2002:a9fe:a9fe::1]/hook', 'blocked-address'],
    ['6to4 of a private address', 'https://[2002:a00:5::1]/hook', 'blocked-address'],
    ['Teredo with IMDS as server', 'https://[2001:0:a9fe:a9fe::a247:2bdd]/hook', 'blocked-address'],
    ['Teredo with IMDS as (inverted) client', 'https://[2001:0:5db8:d822::5601:5601]/hook', 'blocked-address'],
    ['ISATAP interface id of IMDS', 'https://[2606:4700::5efe:a9fe:a9fe]/hook', 'blocked-address'],
    ['decimal spelling of 127.0.0.1', 'https://2130706433/hook', 'blocked-address'],
    ['octal spelling of 127.0.0.1', 'https://0177.0.0.1/hook', 'blocked-address'],
    ['hex spelling of 127.0.0.1', 'https://0x7f.0.0.1/hook', 'blocked-address'],
    ['whole-number hex spelling', 'https://0x7f000001/hook', 'blocked-address'],
    ['short spelling 127.1', 'https://127.1/hook', 'blocked-address'],
    ['decimal spelling of IMDS', 'https://2852039166/hook', 'blocked-address'],
    ['localhost by name', 'https://localhost/hook', 'blocked-host'],
    ['localhost with trailing dot', 'https://LOCALHOST./hook', 'blocked-host'],
    ['a *.localhost name', 'https://api.localhost/hook', 'blocked-host'],
    ['a name resolving to a private address', 'https://internal.example/hook', 'blocked-address'],
    ['a name with one private answer among public ones', 'https://mixed.example/hook', 'blocked-address'],
    ['a name with a unique-local AAAA answer', 'https://v6-private.example/hook', 'blocked-address'],
    ['a name resolving to IPv4-mapped IMDS', 'https://mapped.example/hook', 'blocked-address'],
    ['a documentation-range address', 'https://192.0.2.10/hook', 'blocked-address'],
    ['plain http', 'http://partner.example/hook', 'scheme-not-allowed'],
    ['file scheme', 'file:///etc/passwd', 'scheme-not-allowed'],
    ['gopher scheme', 'gopher://partner.example:70/_x', 'scheme-not-allowed'],
    ['user info', 'https://user:pass@partner.example/hook', 'credentials-in-url'],
    ['user info hiding a host', 'https://partner.example@10.0.0.1/hook', 'credentials-in-url'],
    ['not a URL', 'partner.example/hook', 'invalid-url'],
    ['an unknown name', 'https://nx.example/hook', 'unresolvable-host'],
    ['a name with no records', 'https://empty.example/hook', 'unresolvable-host'],
  ])('when the callback is %s (%s), then it is refused as %s', async (_label, url, reason) => {
    const check = await checkCallbackUrl(url, { allowLocal: false, resolve: dns });
    expect(check).toMatchObject({ ok: false, reason });
  });

  it('when a name resolves only to public addresses, then it is accepted with every address', async () => {
    const check = await checkCallbackUrl('https://partner.example/hooks/relay?token=abc', { allowLocal: false, resolve: dns });
    expect(check).toMatchObject({ ok: true, addresses: ['203.0.114.10', '2606:4700::1111'] });
    expect(check.ok && check.url.hostname).toBe('partner.example');
  });

  it.each([
    ['IPv4-mapped', '::ffff:5db8:d822'],
    ['NAT64', '64:ff9b::5db8:d822'],
    ['6to4', '2002:5db8:d822::1'],
  ])('when an %s address embeds a public IPv4 (%s), then it is accepted (positive control)', async (_form, address) => {
    expect(await checkCallbackUrl(`https://[${address}]/hook`, { allowLocal: false })).toMatchObject({ ok: true });
  });

  it('when an embedded address is refused, then the detail names what is inside', async () => {
    expect(await checkCallbackUrl('https://[::a9fe:a9fe]/hook', { allowLocal: false })).toMatchObject({
      ok: false,
      detail: expect.stringContaining('cloud-metadata inside ipv4-compatible'),
    });
  });

  it('when a public IP literal is given, then it is accepted without asking DNS', async () => {
    const local = fakeDns({});
    const check = await checkCallbackUrl('https://[2606:4700::1111]/hook', { allowLocal: false, resolve: local });
    expect(check).toMatchObject({ ok: true, addresses: ['2606:4700::1111'] });
    expect(local.asked).toEqual([]);
  });

  it('when a public callback uses a port outside RELAY_CALLBACK_PORTS, then it is refused; the same URL passes once the port is allowed', async () => {
    const url = 'https://[2606:4700::1111]:8443/hook';
    expect(await checkCallbackUrl(url, { allowLocal: false })).toMatchObject({
      ok: false,
      reason: 'port-not-allowed',
      detail: expect.stringContaining('443'),
    });
    expect(await checkCallbackUrl(url, { allowLocal: false, allowedPorts: [443, 8443] })).toMatchObject({ ok: true });
    expect(await checkCallbackUrl('https://[2606:4700::1111]:22/', { allowLocal: false, allowedPorts: [443, 8443] })).toMatchObject({
      ok: false,
      reason: 'port-not-allowed',
    });
    // Local development keeps any port on loopback (the demo receiver listens on 7071).
    expect(await checkCallbackUrl('http://127.0.0.1:7071/demo/receiver', { allowLocal: true })).toMatchObject({ ok: true });
  });

  it('when a URL is refused, then the message names the host but not the query or credentials', async () => {
    const blocked = await checkCallbackUrl('https://internal.example/hook?token=s3cr3t', { allowLocal: false, resolve: dns });
    const withUser = await checkCallbackUrl('https://admin:hunter2@partner.example/', { allowLocal: false, resolve: dns });
    expect(blocked).toMatchObject({ ok: false, detail: expect.stringContaining('internal.example resolves to 10.1.2.3 (private)') });
    expect(JSON.stringify([blocked, withUser])).not.toMatch(/s3cr3t|hunter2/);
  });

  describe('with local callbacks allowed', () => {
    const allow = { allowLocal: true, resolve: dns };

    it.each([
      'http://127.0.0.1:7071/hook',
      'https://127.0.0.1/hook',
      'http://[::1]:8080/hook',
      'http://localhost:3000/hook',
      'http://dev.partner.example:3000/hook',
    ])('when the callback is loopback (%s), then it is accepted', async (url) => {
      expect(await checkCallbackUrl(url, allow)).toMatchObject({ ok: true });
    });

    it.each([
      ['https://10.0.0.5/hook', 'blocked-address'],
      ['https://192.168.0.1/hook', 'blocked-address'],
      ['https://169.254.169.254/hook', 'blocked-address'],
      ['https://internal.example/hook', 'blocked-address'],
      ['http://partner.example/hook', 'scheme-not-allowed'],
    ])('when the callback is not loopback (%s), then it is still refused as %s', async (url, reason) => {
      expect(await checkCallbackUrl(url, allow)).toMatchObject({ ok: false, reason });
    });
  });
});
