import type { Connector, ConnectorSecrets } from '../../connectors/connector.js';
import { AutotaskApi } from './autotask-api.js';
import { ConnectWiseApi } from './connectwise-api.js';
import { HaloApi } from './halo-api.js';
import type { PsaApi } from './psa-api.js';
import { psaRequest, type PsaHttpOptions } from './psa-http.js';

/** Halo's built-in outcome for a private note; `--note-outcome` names another. */
export const DEFAULT_HALO_OUTCOME = 'Private Note';

export function psaApiFor(connector: Connector, secrets: ConnectorSecrets, http: PsaHttpOptions): PsaApi {
  const call = (request: Parameters<typeof psaRequest>[1]) => psaRequest(http, request);
  switch (secrets.kind) {
    case 'halo':
      return new HaloApi(call, connector.baseUrl, secrets, connector.noteOutcome ?? DEFAULT_HALO_OUTCOME);
    case 'connectwise':
      return new ConnectWiseApi(call, connector.baseUrl, secrets);
    case 'autotask':
      return new AutotaskApi(call, connector.baseUrl, secrets);
  }
}
