import { describe, expect, it } from 'vitest';
import { hostAllowed } from '../../shared/connectors/inbound/verify.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { FakePsa } from '../../shared/local-host/fake-psa/fake-psa.js';
import { FAKE_CW_KEY_PATH } from '../../shared/local-host/fake-psa/connectwise-routes.js';
import { CREDS, connectorRelayForFile } from './support.js';

describe('ConnectWise callback signing keys come only from allow-listed hosts', () => {
  const c = connectorRelayForFile();

  it('when a callback names a key_url on a host outside the allow-list, then it is never fetched and the callback is refused; on an allowed host it is accepted', async () => {
    // An attacker's key server that would hand out a key matching the attacker's own signature.
    const attacker = await new FakePsa('connectwise', {
      connectwise: { ...CREDS.connectwise, signingKey: CREDS.connectwise.signingKey },
    }).start();
    try {
      const connector = await c.addConnector('connectwise'); // --key-url-host 127.0.0.1
      await c.run(c.state.cli, ['map', connector.connectorId, '--company', '12', '--tenant', DEMO.adatum]);
      const outside = attacker.url.replace('127.0.0.1', 'localhost') + FAKE_CW_KEY_PATH;
      const refused = await c.post('connectwise', connector, c.webhook('connectwise', 77_001, outside));
      expect(refused.status).toBe(401);
      expect(attacker.requests).toEqual([]);
      expect(await c.ticketsFor('77001')).toEqual([]);

      // Positive control: the same callback with the key on the allowed host.
      const accepted = await c.post('connectwise', connector, c.webhook('connectwise', 77_001));
      expect(accepted.status).toBe(202);
      expect(c.state.fakes.connectwise.requests.some((r) => r.path === FAKE_CW_KEY_PATH)).toBe(true);
    } finally {
      await attacker.stop();
    }
  });

  it('when a key_url host is matched against patterns, then *.myconnectwise.net covers its subdomains only', () => {
    const patterns = ['*.myconnectwise.net'];
    expect(hostAllowed('api-na.myconnectwise.net', patterns)).toBe(true);
    expect(hostAllowed('API-EU.MyConnectWise.net.', patterns)).toBe(true);
    expect(hostAllowed('myconnectwise.net', patterns)).toBe(false);
    expect(hostAllowed('myconnectwise.net.evil.example', patterns)).toBe(false);
    expect(hostAllowed('evilmyconnectwise.net', patterns)).toBe(false);
  });
});
