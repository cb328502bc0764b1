import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../shared/adapters/webhooks/standard-webhooks.js';
import { demoDirectory } from '../../shared/local-host/demo-directory.js';
import type { NewToolCredentials } from '../../shared/ports/tool-registry.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { mailIssue } from './support.js';

/**
 * Issue 7 isolation (OWASP API1, BOLA): the partner is the credential's, never the body's, and nothing a partner
 * can name — a ticket id, a list filter, an idempotency key, a callback — reaches another partner's data.
 */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

interface Callback {
  toolId: string;
  verified: boolean;
  ticketId: string;
  partnerTenantId: string;
}

interface Partner {
  tenantId: string;
  creds: NewToolCredentials;
  tickets: string[];
}

describe('isolation between partners', () => {
  let relay: TestRelay;
  let receiver: Server;
  let receiverUrl: string;
  const callbacks: Callback[] = [];
  /** Callback path segment → the tool registered with it. */
  const hooks = new Map<string, NewToolCredentials>();

  beforeAll(async () => {
    // Every tool's callback lands here under /cb/<its own path>; the signature is checked with that tool's secret.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const tool = hooks.get((req.url ?? '').split('/')[2] ?? '');
        const body = Buffer.concat(chunks);
        const header = (name: string) => req.headers[name] as string | undefined;
        const verdict = verifyWebhook({
          headers: { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') },
          rawBody: body,
          secrets: [tool?.callbackSecret ?? `whsec_${Buffer.alloc(32).toString('base64')}`],
          now: new Date(),
        });
        const data = (JSON.parse(body.toString('utf8')) as { data: { ticketId: string; partnerTenantId: string } }).data;
        callbacks.push({
          toolId: tool?.tool.toolId ?? '?',
          verified: verdict.ok,
          ticketId: data.ticketId,
          partnerTenantId: data.partnerTenantId,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;
    relay = await startTestRelay({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    await relay.importDirectory(demoDirectory());
  });
  afterAll(async () => {
    await relay.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const json = async <T>(res: Response) => (await res.json()) as T;
  const list = (p: Partner, query = '') =>
    relay
      .get(p.creds.apiKey, `/api/v1/service-requests?limit=200${query}`)
      .then((r) => json<{ items: { ticketId: string; partnerTenantId: string }[] }>(r));

  async function register(tenantId: string): Promise<Partner> {
    const path = randomUUID();
    const creds = await relay.addTool(tenantId, `${receiverUrl}/${path}`);
    hooks.set(path, creds);
    return { tenantId, creds, tickets: [] };
  }

  it('when partners submit, read, list and get callbacks, then nothing crosses from one partner to another', async () => {
    console.log(`isolation seed ${seed}`);
    const scenario = fc.record({
      tenants: fc.uniqueArray(fc.uuid({ version: 4 }), { minLength: 2, maxLength: 4 }),
      perPartner: fc.integer({ min: 1, max: 3 }),
      sharedKey: fc.string({ minLength: 1, maxLength: 40 }).filter((k) => /^[\x21-\x7e]+$/.test(k)),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ tenants, perPartner, sharedKey }) => {
        const partners = await Promise.all(tenants.map(register));
        for (const p of partners) {
          for (let i = 0; i < perPartner; i++) {
            // Every partner uses the same Idempotency-Key and body first: keys are per tool, so none is a replay.
            const res = await relay.submit(p.creds.apiKey, mailIssue(`ref-${sharedKey}-${i}`), `${sharedKey}-${i}`);
            expect(res.status).toBe(202);
            expect(res.headers.get('idempotent-replayed')).toBeNull();
            p.tickets.push((await json<{ ticketId: string }>(res)).ticketId);
          }
        }
        for (const owner of partners) {
          for (const ticketId of owner.tickets) {
            const own = await relay.get(owner.creds.apiKey, `/api/v1/service-requests/${ticketId}`);
            expect((await json<{ partnerTenantId: string }>(own)).partnerTenantId).toBe(owner.tenantId);
            for (const other of partners.filter((o) => o !== owner)) {
              expect((await relay.get(other.creds.apiKey, `/api/v1/service-requests/${ticketId}`)).status).toBe(404);
            }
          }
          const listed = await list(owner);
          expect(listed.items.map((t) => t.ticketId).sort()).toEqual([...owner.tickets].sort());
          for (const other of partners.filter((o) => o !== owner)) {
            expect((await list(other, `&externalRef=ref-${encodeURIComponent(sharedKey)}-0`)).items.map((t) => t.partnerTenantId)).toEqual([
              other.tenantId,
            ]);
          }
        }
        await relay.drain();
        for (const p of partners) {
          const mine = callbacks.filter((c) => c.toolId === p.creds.tool.toolId);
          expect(mine.map((c) => c.ticketId).sort()).toEqual([...p.tickets].sort());
          expect(mine.every((c) => c.verified && c.partnerTenantId === p.tenantId)).toBe(true);
        }
      }),
      { seed, numRuns: 12 },
    );
    expect(callbacks.every((c) => c.verified)).toBe(true);
  });

  it('when a body names another partner in partnerTenantId, then it is refused as an unknown field and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid({ version: 4 }), fc.uuid({ version: 4 }), async (mine, theirs) => {
        fc.pre(mine !== theirs);
        const me = await register(mine);
        const forged = await relay.submit(me.creds.apiKey, { ...mailIssue('forged'), partnerTenantId: theirs });
        expect(forged.status).toBe(400);
        const problem = await json<{ errors: { path: string; message: string }[] }>(forged);
        expect(problem.errors.some((e) => e.message.includes('partnerTenantId'))).toBe(true);
        expect((await list(me)).items).toEqual([]);
        const honest = await relay.submit(me.creds.apiKey, mailIssue('honest'));
        const { statusUrl } = await json<{ statusUrl: string }>(honest);
        expect((await json<{ partnerTenantId: string }>(await relay.get(me.creds.apiKey, statusUrl))).partnerTenantId).toBe(mine);
      }),
      { seed, numRuns: 15 },
    );
  });

  it("when partner A's real cursor is replayed with B's key, then B gets 400 and none of A's tickets; A continues with it (positive control)", async () => {
    const [a, b] = await Promise.all([register(randomUUID()), register(randomUUID())]);
    for (let i = 0; i < 3; i++) await relay.submit(a.creds.apiKey, mailIssue(`cursor-${i}`));
    await relay.submit(b.creds.apiKey, mailIssue('cursor-b'));
    const first = await json<{ items: { ticketId: string }[]; nextCursor: string }>(
      await relay.get(a.creds.apiKey, '/api/v1/service-requests?limit=1'),
    );
    const path = `/api/v1/service-requests?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`;

    const replayed = await relay.get(b.creds.apiKey, path);
    expect(replayed.status).toBe(400);
    const text = await replayed.text();
    expect(text).toContain('cursor');
    for (const ticketId of first.items.map((t) => t.ticketId)) expect(text).not.toContain(ticketId);

    const own = await json<{ items: { ticketId: string; partnerTenantId: string }[] }>(await relay.get(a.creds.apiKey, path));
    expect(own.items).toHaveLength(1);
    expect(own.items[0]!.partnerTenantId).toBe(a.tenantId);
    expect(own.items[0]!.ticketId).not.toBe(first.items[0]!.ticketId);
  });

  it("when a cursor is forged in the SDK's token shape to start in another partner's partition, then 400 and nothing is listed", async () => {
    const [a, b] = await Promise.all([register(randomUUID()), register(randomUUID())]);
    for (let i = 0; i < 3; i++) await relay.submit(a.creds.apiKey, mailIssue(`forged-${i}`));
    const token = Buffer.from(JSON.stringify({ nextPartitionKey: a.tenantId, nextRowKey: 't|' })).toString('base64');
    const forged = await relay.get(b.creds.apiKey, `/api/v1/service-requests?cursor=${Buffer.from(token).toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).not.toContain(a.tenantId);
  });
});
