import { MicrosoftDirectorySource, type PartnerProfile } from '../../../shared/adapters/microsoft/directory-source.js';
import type { Agent } from '../../../shared/domain/directory.js';
import { fakeCredential, fakeFetch, manualClock, type Routes } from './fake-microsoft.js';
import { directoryRoutes, ids } from './recorded-routes.js';

/** A direct partner, as PARTNER_PROFILE would describe it. */
export const profile: PartnerProfile = {
  name: 'Relay Partner Ltd',
  type: 'direct',
  contact: { name: 'Support Desk', email: 'desk@partner.example' },
};
/** A configured agent Graph does not list. */
export const carol: Agent = {
  userPrincipalName: 'carol@partner.example',
  objectId: 'c0c0c0c0-0000-4000-8000-000000000003',
  adminAgent: false,
  groups: [],
};

/** The Microsoft directory source for the recorded partner, answering from `routes`. */
export function source(routes: Routes = directoryRoutes, partnerProfile: PartnerProfile = profile) {
  const fetch = fakeFetch(routes);
  const credential = fakeCredential();
  const clock = manualClock();
  const directory = new MicrosoftDirectorySource({
    credential,
    fetchImpl: fetch.impl,
    sleep: async () => {},
    cloud: 'public',
    partnerTenantId: ids.partner,
    partnerProfile,
    adminAgentsGroupId: ids.adminAgents,
    agents: [carol],
    clock,
    ttlMs: 60_000,
  });
  return { directory, fetch, credential, clock };
}
