import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, pollUntil, runCli, startLocalHost, type LocalHost } from './support/local-host.js';

/**
 * Issue 17, black box: being able to send to the `service-requests` queue proves nothing about which tool sends.
 * Producers sign with their tool's signing secret (`relay queue sign` prints a signed message); the local host's
 * admin route stands in for Service Bus (the embedded broker runs inside `npm start`).
 */
interface Signed {
  messageId: string;
  body: string;
  applicationProperties: Record<string, string>;
}

describe.skipIf(!hostIsBuilt)('signed queue producers (compiled local host and CLI)', () => {
  let host: LocalHost;
  let dir: string;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${host.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${host.credentials().adminKey}`, 'content-type': 'application/json' },
    });
  const enqueue = (message: Signed) => admin('/admin/queues/service-requests/messages', { method: 'POST', body: JSON.stringify(message) });
  /** `relay queue sign` for a body naming `externalRef`, as tool `toolId` with `secret`, claiming `partner`. */
  const sign = async (
    messageId: string,
    externalRef: string,
    claim: { toolId: string; partner: string; secret: string },
  ): Promise<Signed> => {
    const file = join(dir, `${messageId}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
        workload: 'office365',
        title: 'Queue',
        description: 'From a producer.',
        agent: { userPrincipalName: 'dana@contoso-cloud.example' },
        externalRef,
      }),
    );
    const signed = await runCli(
      host,
      ['queue', 'sign', '--tool', claim.toolId, '--partner', claim.partner, '--message-id', messageId, file],
      { RELAY_SIGNING_SECRET: claim.secret },
    );
    expect(signed.code).toBe(0);
    return JSON.parse(signed.output) as Signed;
  };
  const deadLetter = async (messageId: string) => {
    const { messages } = (await (await admin('/admin/dlq/service-requests')).json()) as {
      messages: { messageId: string; deadLetterReason: string; deadLetterErrorDescription: string }[];
    };
    return messages.find((m) => m.messageId === messageId) ?? null;
  };
  const listed = async (apiKey: string, externalRef: string) =>
    (
      (await (
        await fetch(`${host.url}/api/v1/service-requests?externalRef=${externalRef}`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as { items: unknown[] }
    ).items;

  beforeAll(async () => {
    host = await startLocalHost();
    dir = mkdtempSync(join(tmpdir(), 'relay-queue-'));
  });
  afterAll(() => host.stop());

  it('when tool A signs a message claiming partner B, then it is dead-lettered Unauthenticated and nothing is written', async () => {
    const { toolId, signingSecret, resellerTool, apiKey } = host.credentials();
    const message = await sign('q-claim-b', 'Q-CLAIM-B', { toolId, partner: resellerTool.partnerTenantId, secret: signingSecret });
    expect((await enqueue(message)).status).toBe(202);
    const letter = await pollUntil(
      () => deadLetter('q-claim-b'),
      (m) => m !== null,
    );
    expect(letter).toMatchObject({
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: expect.stringMatching(/^Unauthenticated: /),
    });
    expect(await listed(resellerTool.apiKey, 'Q-CLAIM-B')).toEqual([]);
    expect(await listed(apiKey, 'Q-CLAIM-B')).toEqual([]);
  });

  it('when a message names a tool and partner but carries no signature, then it is dead-lettered Unauthenticated', async () => {
    const { toolId, partnerTenantId, apiKey } = host.credentials();
    const message = await sign('q-unsigned', 'Q-UNSIGNED', { toolId, partner: partnerTenantId, secret: host.credentials().signingSecret });
    const { partnerTenantId: p, toolId: t } = message.applicationProperties;
    expect((await enqueue({ ...message, applicationProperties: { partnerTenantId: p!, toolId: t! } })).status).toBe(202);
    expect(
      (
        await pollUntil(
          () => deadLetter('q-unsigned'),
          (m) => m !== null,
        )
      )?.deadLetterErrorDescription,
    ).toMatch(/^Unauthenticated: /);
    expect(await listed(apiKey, 'Q-UNSIGNED')).toEqual([]);
  });

  it('when tool A signs a message as itself, then it is processed into a ticket of its partner (positive control)', async () => {
    const { toolId, partnerTenantId, signingSecret, apiKey } = host.credentials();
    expect((await enqueue(await sign('q-own', 'Q-OWN', { toolId, partner: partnerTenantId, secret: signingSecret }))).status).toBe(202);
    const items = await pollUntil(
      () => listed(apiKey, 'Q-OWN'),
      (i) => i.length > 0,
    );
    expect(items).toHaveLength(1);
    expect(await deadLetter('q-own')).toBeNull();
  });
});
