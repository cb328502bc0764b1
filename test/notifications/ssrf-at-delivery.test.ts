import { beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../shared/adapters/webhooks/http-sender.js';
import type { CallbackUrlRefusal } from '../../shared/adapters/webhooks/ssrf-guard.js';
import { parseArgs } from '../../shared/cli/context.js';
import { toolCommands } from '../../shared/cli/commands/tools.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { fakeDns, HOSTILE_URLS } from './support/hostile-urls.js';
import { notifyRelayForFile } from './support/notify-relay.js';
import { inOrder } from './support/scripted-receiver.js';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What a partner reads on a refused delivery, per refusal (README, "Callback URLs"): a private address and a name that
 * does not resolve read the same (`not-public`, host only), so deliveries cannot be used to map the relay's network;
 * every other refusal names its reason and what to fix.
 */
const SEEN_ON_DELIVERY: Record<CallbackUrlRefusal, (host: string) => RegExp> = {
  'blocked-address': (host) =>
    new RegExp(
      `^callback URL refused \\(not-public\\): ${escaped(host)} does not resolve to a public address; callbacks must reach public addresses$`,
    ),
  'unresolvable-host': (host) =>
    new RegExp(
      `^callback URL refused \\(not-public\\): ${escaped(host)} does not resolve to a public address; callbacks must reach public addresses$`,
    ),
  'blocked-host': (host) => new RegExp(`^callback URL refused \\(blocked-host\\): ${escaped(host)} is a loopback name`),
  'port-not-allowed': () => /^callback URL refused \(port-not-allowed\): port 8080 is not allowed for callbacks; allowed: 443 /,
  'scheme-not-allowed': () => /^callback URL refused \(scheme-not-allowed\): callback URLs must use https/,
  'credentials-in-url': () => /^callback URL refused \(credentials-in-url\): callback URLs must not carry a user name or password$/,
  'invalid-url': () => /^callback URL refused \(invalid-url\): /,
};

describe('SSRF guard at delivery time (RELAY_ALLOW_LOCAL_CALLBACKS off, DNS faked)', () => {
  const { n, receiver } = notifyRelayForFile({ env: { RELAY_ALLOW_LOCAL_CALLBACKS: 'false' } });
  const dns = fakeDns();

  beforeAll(() => {
    receiver.on('/hook', inOrder({ status: 204 }));
    n.useSender(new HttpWebhookSender({ allowLocal: false, resolve: dns, clock: n.time.clock }));
  });

  it.each([
    ['loopback, where a local service listens', ['127.0.0.1']],
    ['a private address', ['10.0.0.5']],
    ['cloud metadata among public answers', ['93.184.216.34', '169.254.169.254']],
    ['IPv4-mapped loopback', ['::ffff:127.0.0.1']],
  ])(
    'when a name registered as public later resolves to %s, then the attempt is refused before connecting and logged as failed',
    async (_label, later) => {
      const host = `rebinding-${later.join('-').replace(/[.:]/g, '')}.partner.example`;
      dns.answers[host] = ['93.184.216.34'];
      const printed: string[] = [];
      const url = receiver.url('/hook', host, 'https');
      // The receiver listens on a random port: the operator has allowed it (RELAY_CALLBACK_PORTS) for this test.
      const runtime = {
        ...n.relay.host.runtime,
        config: { ...n.relay.host.runtime.config, RELAY_CALLBACK_PORTS: [Number(new URL(url).port)] },
      };
      const tools = toolCommands({ runtime: async () => runtime, print: (line) => printed.push(line), resolve: dns });
      await tools.add!(parseArgs(['--partner', DEMO.direct, '--name', 'PSA', '--callback-url', url, '--json']));
      const { apiKey } = JSON.parse(printed[0]!) as { apiKey: string };

      dns.answers[host] = later;
      const connectionsBefore = receiver.connections;
      const ticketId = await n.submitRecorded(apiKey);

      const delivery = await n.delivery(ticketId);
      expect(delivery.status).toBe('retrying');
      expect(delivery.attempts).toEqual([
        expect.objectContaining({
          statusCode: null,
          error: expect.stringMatching(/^callback URL refused \(not-public\): \S+ does not resolve to a public address/),
        }),
      ]);
      expect(receiver.connections).toBe(connectionsBefore);
    },
  );

  it('when local callbacks are allowed instead, then the same rebinding does connect (the counter above can see a connection)', async () => {
    const host = 'rebinding-control.partner.example';
    dns.answers[host] = ['127.0.0.1'];
    n.useSender(new HttpWebhookSender({ allowLocal: true, resolve: dns, clock: n.time.clock }));
    try {
      const tool = await n.addTool(receiver.url('/hook', host, 'https'));
      const connectionsBefore = receiver.connections;
      await n.submitRecorded(tool.apiKey);
      expect(receiver.connections).toBeGreaterThan(connectionsBefore);
    } finally {
      n.useSender(new HttpWebhookSender({ allowLocal: false, resolve: dns, clock: n.time.clock }));
    }
  });

  describe('when a hostile callback URL is already stored (registered before a stricter guard)', () => {
    let apiKey: string;
    let toolId: string;

    beforeAll(async () => {
      const tool = await n.addTool(null);
      apiKey = tool.apiKey;
      toolId = tool.tool.toolId;
    });

    it.each(HOSTILE_URLS)('then %s (%s) is refused before connecting, for the reason a partner may read', async (_label, url, reason) => {
      await n.relay.deps.tools.setCallback(toolId, url);
      const connectionsBefore = receiver.connections;
      const ticketId = await n.submitRecorded(apiKey);
      const delivery = await n.delivery(ticketId);
      expect(delivery.status).toBe('retrying');
      expect(delivery.attempts).toHaveLength(1);
      const [attempt] = delivery.attempts;
      expect(attempt!.statusCode).toBeNull();
      expect(attempt!.error).toMatch(SEEN_ON_DELIVERY[reason](new URL(url).hostname));
      // The delivery log is readable by the partner: it never names an address the relay's DNS answered with.
      for (const address of dns.answers[new URL(url).hostname] ?? []) expect(attempt!.error).not.toContain(address);
      expect(receiver.connections).toBe(connectionsBefore);
    });

    it("then a name that does not resolve reads exactly like a private address, so deliveries cannot probe the relay's DNS", async () => {
      const url = 'https://gone.partner.example/hook'; // not in the faked DNS: NXDOMAIN
      await n.relay.deps.tools.setCallback(toolId, url);
      const delivery = await n.delivery(await n.submitRecorded(apiKey));
      expect(delivery.attempts).toEqual([
        expect.objectContaining({
          statusCode: null,
          error: expect.stringMatching(SEEN_ON_DELIVERY['unresolvable-host']('gone.partner.example')),
        }),
      ]);
      expect(delivery.attempts[0]!.error).not.toMatch(/ENOTFOUND|resolve gone/);
    });
  });
});
