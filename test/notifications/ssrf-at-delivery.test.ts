import { beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../shared/adapters/webhooks/http-sender.js';
import { parseArgs } from '../../shared/cli/context.js';
import { toolCommands } from '../../shared/cli/commands/tools.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { fakeDns, HOSTILE_URLS } from './support/hostile-urls.js';
import { notifyRelayForFile } from './support/notify-relay.js';
import { inOrder } from './support/scripted-receiver.js';

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
  ])('when a name registered as public later resolves to %s, then the attempt is refused before connecting and logged as failed', async (_label, later) => {
    const host = `rebinding-${later.join('-').replace(/[.:]/g, '')}.partner.example`;
    dns.answers[host] = ['93.184.216.34'];
    const printed: string[] = [];
    const url = receiver.url('/hook', host, 'https');
    // The receiver listens on a random port: the operator has allowed it (RELAY_CALLBACK_PORTS) for this test.
    const runtime = { ...n.relay.host.runtime, config: { ...n.relay.host.runtime.config, RELAY_CALLBACK_PORTS: [Number(new URL(url).port)] } };
    const tools = toolCommands({ runtime: async () => runtime, print: (line) => printed.push(line), resolve: dns });
    await tools.add!(parseArgs(['--partner', DEMO.direct, '--name', 'PSA', '--callback-url', url, '--json']));
    const { apiKey } = JSON.parse(printed[0]!) as { apiKey: string };

    dns.answers[host] = later;
    const connectionsBefore = receiver.connections;
    const ticketId = await n.submitRecorded(apiKey);

    const delivery = await n.delivery(ticketId);
    expect(delivery.status).toBe('retrying');
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ statusCode: null, error: expect.stringMatching(/^callback URL refused \(not-public\): \S+ does not resolve to a public address/) }),
    ]);
    expect(receiver.connections).toBe(connectionsBefore);
  });

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

    it.each(HOSTILE_URLS)('then %s (%s) is refused at every attempt with an error and no answer', async (_label, url) => {
      await n.relay.deps.tools.setCallback(toolId, url);
      const ticketId = await n.submitRecorded(apiKey);
      const delivery = await n.delivery(ticketId);
      expect(delivery.status).toBe('retrying');
      expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: null, error: expect.stringMatching(/^callback URL refused \(/) })]);
    });
  });
});
