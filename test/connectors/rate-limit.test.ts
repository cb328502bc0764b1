import { describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { connectorRelayForFile } from './support.js';

describe('a connector over its rate limit (RATE_LIMIT_PER_MINUTE=2)', () => {
  const c = connectorRelayForFile({ env: { RATE_LIMIT_PER_MINUTE: '2' } });

  it('when a PSA sends more verified webhooks than the limit in a minute, then 429 with Retry-After and no ticket; forged ones stay 401 and do not count', async () => {
    const connector = await c.addConnector('halo');
    await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
    for (let i = 0; i < 5; i++) expect((await c.post('halo', connector, c.webhook('halo', 80_100 + i), 'bad-credential')).status).toBe(401);
    expect((await c.post('halo', connector, c.webhook('halo', 80_001))).status).toBe(202);
    expect((await c.post('halo', connector, c.webhook('halo', 80_002))).status).toBe(202);
    const over = await c.post('halo', connector, c.webhook('halo', 80_003));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await c.ticketsFor('80003')).toEqual([]);
  });
});
