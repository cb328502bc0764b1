import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { mailIssue } from './support/notify-relay.js';

describe('per-tool rate limit at intake (RATE_LIMIT_PER_MINUTE=2)', () => {
  let relay: TestRelay;

  beforeAll(async () => {
    relay = await startTestRelay({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    await relay.importDirectory(demoDirectory());
  });
  afterAll(() => relay.stop());

  it('when a tool sends more than its limit in a minute, then it gets 429 with Retry-After and nothing is accepted', async () => {
    const { apiKey } = await relay.addTool(DEMO.direct);
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await relay.submit(apiKey, { ...mailIssue, externalRef: `RL-${i}` })).status);
    const limited = await relay.submit(apiKey, { ...mailIssue, externalRef: 'RL-over' });

    expect(statuses).toEqual([202, 202]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    await relay.drain();
    const list = (await (await relay.get(apiKey, '/api/v1/service-requests?externalRef=RL-over')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('when one tool is over its limit, then another tool of the same partner is not', async () => {
    const noisy = await relay.addTool(DEMO.direct);
    const quiet = await relay.addTool(DEMO.direct);
    for (let i = 0; i < 3; i++) await relay.submit(noisy.apiKey, mailIssue);
    expect((await relay.submit(noisy.apiKey, mailIssue)).status).toBe(429);
    expect((await relay.submit(quiet.apiKey, mailIssue)).status).toBe(202);
  });
});
