import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SecretBox } from '../../../shared/adapters/tables/secret-box.js';
import { CACHE_MS, TableToolRegistry } from '../../../shared/adapters/tables/tool-registry.js';
import { signWebhook, verifyWebhook } from '../../../shared/adapters/webhooks/standard-webhooks.js';
import { liveSecrets } from '../../../shared/ports/tool-registry.js';

const PARTNER = '11111111-1111-4111-8111-111111111111';
const HOUR = 3_600_000;

describe('TableToolRegistry', () => {
  let client: TableClient;
  let registry: TableToolRegistry;
  const box = new SecretBox(randomBytes(32).toString('base64'));
  let now = new Date('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    client = TableClient.fromConnectionString(inject('tablesConnection'), `tools${randomBytes(5).toString('hex')}`, {
      allowInsecureConnection: true,
    });
    await client.createTable();
    registry = new TableToolRegistry(client, box, () => now);
  });

  it('when a tool is added, then storage holds no API key or secret in the clear and the key finds the tool', async () => {
    const created = await registry.add({ partnerTenantId: PARTNER, name: 'PSA', callbackUrl: 'https://hooks.partner.example/hook' });
    const rows: unknown[] = [];
    for await (const row of client.listEntities()) rows.push(row);
    const stored = JSON.stringify(rows);
    for (const secret of [created.apiKey, created.signingSecret, created.callbackSecret]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.replace(/^whsec_/, ''));
    }
    expect((await registry.findByApiKey(created.apiKey))?.toolId).toBe(created.tool.toolId);
    expect(await registry.findByApiKey(`rk_${randomBytes(32).toString('base64url')}`)).toBeNull();
    expect(await registry.get(created.tool.toolId)).toMatchObject({
      partnerTenantId: PARTNER,
      callbackUrl: 'https://hooks.partner.example/hook',
      disabled: false,
      signingSecrets: [{ value: created.signingSecret }],
      callbackSecrets: [{ value: created.callbackSecret }],
    });
  });

  it('when the API key is rotated, then only the new key finds the tool', async () => {
    const created = await registry.add({ partnerTenantId: PARTNER, name: 'PSA' });
    const fresh = await registry.rotateKey(created.tool.toolId);
    expect(await registry.findByApiKey(created.apiKey)).toBeNull();
    expect((await registry.findByApiKey(fresh))?.toolId).toBe(created.tool.toolId);
  });

  it('when the signing secret is rotated, then a signature by the old one verifies during the overlap and not after it', async () => {
    const start = new Date('2026-03-01T12:00:00Z');
    now = start;
    const { tool, signingSecret: old } = await registry.add({ partnerTenantId: PARTNER, name: 'PSA' });
    const fresh = await registry.rotateSecret(tool.toolId, 'signing', 24);
    const verifiesAt = async (at: Date, secret: string) => {
      const live = liveSecrets((await registry.get(tool.toolId))!.signingSecrets, at);
      const timestamp = Math.floor(at.getTime() / 1000);
      const signature = signWebhook({ id: 'msg_1', timestamp, body: '{}', secrets: [secret] });
      return verifyWebhook({ headers: { id: 'msg_1', timestamp: String(timestamp), signature }, rawBody: '{}', secrets: live, now: at }).ok;
    };
    const during = new Date(start.getTime() + 23 * HOUR);
    const after = new Date(start.getTime() + 24 * HOUR + 1000);
    expect([await verifiesAt(during, old), await verifiesAt(during, fresh)]).toEqual([true, true]);
    expect([await verifiesAt(after, old), await verifiesAt(after, fresh)]).toEqual([false, true]);
  });

  it('when a secret is rotated twice inside the overlap, then every unexpired one stays live and expired ones are dropped', async () => {
    now = new Date('2026-03-01T12:00:00Z');
    const { tool, callbackSecret: first } = await registry.add({ partnerTenantId: PARTNER, name: 'PSA' });
    const second = await registry.rotateSecret(tool.toolId, 'callback', 24);
    now = new Date(now.getTime() + HOUR);
    const third = await registry.rotateSecret(tool.toolId, 'callback', 24);
    expect(liveSecrets((await registry.get(tool.toolId))!.callbackSecrets, now)).toEqual([third, second, first]);
    now = new Date(now.getTime() + 30 * HOUR);
    const fourth = await registry.rotateSecret(tool.toolId, 'callback', 24);
    expect((await registry.get(tool.toolId))!.callbackSecrets.map((s) => s.value)).toEqual([fourth, third]);
  });

  it('when the callback is changed or the tool disabled, then reads show it and other fields stay', async () => {
    const { tool, apiKey } = await registry.add({ partnerTenantId: PARTNER, name: 'PSA', callbackUrl: 'https://a.partner.example/' });
    await registry.setCallback(tool.toolId, null);
    expect((await registry.get(tool.toolId))?.callbackUrl).toBeNull();
    await registry.disable(tool.toolId);
    expect(await registry.findByApiKey(apiKey)).toMatchObject({ toolId: tool.toolId, disabled: true, name: 'PSA' });
    expect((await registry.list()).map((t) => t.toolId)).toContain(tool.toolId);
  });

  it('when a tool id is unknown, then rotation and changes say how to find the right one', async () => {
    await expect(registry.rotateKey('tool_nope')).rejects.toThrow(/relay tools list/);
    await expect(registry.setCallback('tool_nope', null)).rejects.toThrow(/relay tools list/);
  });

  it('when a tool is disabled through this instance, then its key is refused at once; through another instance, within the cache time', async () => {
    const created = await registry.add({ partnerTenantId: PARTNER, name: 'cached' });
    const other = new TableToolRegistry(client, box, () => now);
    expect((await other.findByApiKey(created.apiKey))?.disabled).toBe(false);
    await registry.disable(created.tool.toolId);
    expect((await registry.findByApiKey(created.apiKey))?.disabled).toBe(true);
    // The other instance answers from its cache for at most CACHE_MS, then reads the change.
    await new Promise((r) => setTimeout(r, CACHE_MS + 50));
    expect((await other.findByApiKey(created.apiKey))?.disabled).toBe(true);
  });
});
