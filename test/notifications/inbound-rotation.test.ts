import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SecretBox } from '../../shared/adapters/tables/secret-box.js';
import { createTableClient } from '../../shared/adapters/tables/table-clients.js';
import { TableToolRegistry } from '../../shared/adapters/tables/tool-registry.js';
import { signWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { TABLES } from '../../shared/tables.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { FakeTime } from './support/fake-time.js';
import { mailIssue } from './support/notify-relay.js';

const HOUR = 3_600_000;

/** Inbound Standard Webhooks auth through HTTP while the tool rotates its signing secret; the registry and the relay share one fake clock. */
describe('signing secret rotation at intake', () => {
  const time = new FakeTime(new Date());
  let relay: TestRelay;
  let seq = 0;

  beforeAll(async () => {
    const prefix = `r${randomBytes(5).toString('hex')}`;
    const key = randomBytes(32).toString('base64');
    const client = createTableClient({ kind: 'connection-string', value: inject('tablesConnection') }, `${prefix}${TABLES.tools}`);
    const tools = new TableToolRegistry(client, new SecretBox(key), () => time.clock.now());
    relay = await startTestRelay({
      env: { RELAY_TABLE_PREFIX: prefix, RELAY_ENCRYPTION_KEY: key },
      overrides: { clock: time.clock, tools },
    });
    await relay.importDirectory(demoDirectory(time.clock.now()));
  });
  afterAll(() => relay.stop());

  /** POST signed with `secret` at the fake now, as a PSA configured with ?toolId= would. */
  const signed = (toolId: string, secret: string, ageSeconds = 0) => {
    const id = `msg_${++seq}`;
    const body = JSON.stringify({ ...mailIssue, externalRef: id });
    const timestamp = Math.floor(time.now() / 1000) - ageSeconds;
    return fetch(`${relay.url}/api/v1/service-requests?toolId=${toolId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id, timestamp, body, secrets: [secret] }),
      },
      body,
    }).then((r) => r.status);
  };

  it('when the signing secret is rotated with a 24 h overlap, then old and new verify during it and only the new one after', async () => {
    const { tool, signingSecret: old } = await relay.addTool(DEMO.direct);
    expect(await signed(tool.toolId, old)).toBe(202);

    const fresh = await relay.deps.tools.rotateSecret(tool.toolId, 'signing', 24);
    time.advanceBy(23 * HOUR);
    expect([await signed(tool.toolId, old), await signed(tool.toolId, fresh)]).toEqual([202, 202]);

    time.advanceBy(1 * HOUR + 1000);
    expect([await signed(tool.toolId, old), await signed(tool.toolId, fresh)]).toEqual([401, 202]);
  });

  it('when a signature is older than 300 s by the relay clock, then it is refused and one inside the window is not', async () => {
    const { tool, signingSecret } = await relay.addTool(DEMO.direct);
    expect([await signed(tool.toolId, signingSecret, 301), await signed(tool.toolId, signingSecret, 299)]).toEqual([401, 202]);
  });

  it('when the API key is rotated, then the old key is refused at once and the new one works', async () => {
    const { tool, apiKey } = await relay.addTool(DEMO.direct);
    const fresh = await relay.deps.tools.rotateKey(tool.toolId);
    expect((await relay.submit(apiKey, mailIssue)).status).toBe(401);
    expect((await relay.submit(fresh, mailIssue)).status).toBe(202);
  });
});
