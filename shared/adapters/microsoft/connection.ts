import type { TokenCredential } from '@azure/identity';
import { cloudEndpoints, type CloudEndpoints, type ServedCloud } from './cloud-endpoints.js';
import { MicrosoftHttp, type FetchLike } from './http.js';

/** How the Microsoft sources reach Graph, Partner Center and ARM. */
export interface MicrosoftConnectionOptions {
  credential: TokenCredential;
  /** Tests pass recorded responses; production uses the global fetch. */
  fetchImpl?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  cloud: ServedCloud;
  /** E.g. `{ graph: 'https://dod-graph.microsoft.us' }` for US Gov L5. */
  endpoints?: Partial<CloudEndpoints>;
}

export interface MicrosoftConnection {
  http: MicrosoftHttp;
  endpoints: CloudEndpoints;
}

export function connect(options: MicrosoftConnectionOptions): MicrosoftConnection {
  return {
    http: new MicrosoftHttp({ credential: options.credential, fetchImpl: options.fetchImpl, sleep: options.sleep }),
    endpoints: cloudEndpoints(options.cloud, options.endpoints),
  };
}
