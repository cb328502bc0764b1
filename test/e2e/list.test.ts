import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { startDemoRelay, type TestRelay } from '../support/test-relay.js';

const request = (externalRef: string) => ({
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  title: 'Licence assignment fails',
  description: 'Error 500 in the admin center.',
  agent: { objectId: DEMO.agent },
  externalRef,
});

describe("listing a tool's tickets", () => {
  let relay: TestRelay;
  let apiKey: string;

  beforeAll(async () => {
    ({
      relay,
      tool: { apiKey },
    } = await startDemoRelay());
    for (let i = 1; i <= 5; i++) {
      expect((await relay.submit(apiKey, request(`L-${i}`))).status).toBe(202);
      await new Promise((r) => setTimeout(r, 2)); // distinct creation milliseconds → a defined newest-first order
    }
    await relay.drain();
  });
  afterAll(() => relay.stop());

  it('when listed with a limit, then pages come newest first and the cursor continues without repeats', async () => {
    const first = (await (await relay.get(apiKey, '/api/v1/service-requests?limit=2')).json()) as {
      items: { externalRef: string }[];
      nextCursor: string;
    };
    expect(first.items.map((t) => t.externalRef)).toEqual(['L-5', 'L-4']);
    const second = (await (
      await relay.get(apiKey, `/api/v1/service-requests?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json()) as { items: { externalRef: string }[] };
    expect(second.items.map((t) => t.externalRef)).toEqual(['L-3', 'L-2']);
  });

  it('when filtered by status or externalRef, then only matching tickets come back', async () => {
    const byRef = (await (await relay.get(apiKey, '/api/v1/service-requests?externalRef=L-3')).json()) as {
      items: { externalRef: string }[];
    };
    expect(byRef.items.map((t) => t.externalRef)).toEqual(['L-3']);
    const received = (await (await relay.get(apiKey, '/api/v1/service-requests?status=received')).json()) as { items: unknown[] };
    expect(received.items).toEqual([]);
  });

  it('when a query parameter is invalid, then the answer is 400 naming it', async () => {
    const res = await relay.get(apiKey, '/api/v1/service-requests?limit=5000&status=lost');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['limit', 'status']);
  });

  it('when the cursor is garbled, then the answer is 400 naming the cursor, not a storage error', async () => {
    const res = await relay.get(apiKey, '/api/v1/service-requests?cursor=not-a-cursor');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('cursor');
  });
});
