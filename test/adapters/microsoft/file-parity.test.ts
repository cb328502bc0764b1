import { describe, expect, it } from 'vitest';
import { MicrosoftDirectorySource } from '../../../shared/adapters/microsoft/directory-source.js';
import { directorySchema, type Customer } from '../../../shared/domain/directory.js';
import { fakeCredential, fakeFetch, fixture, manualClock } from './fake-microsoft.js';
import { directoryRoutes, ids } from './recorded-routes.js';

/** The fields of `fromFile` and the same fields of `fromApi`: what both sources carry. */
function sharedPart<T extends object>(fromFile: T, fromApi: T): [Partial<T>, Partial<T>] {
  const keys = Object.keys(fromFile) as (keyof T)[];
  const pick = (o: T) => Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
  return [pick(fromFile), pick(fromApi)];
}

describe('directory from a file vs from Microsoft', () => {
  it('when the same customer is imported from file-format JSON and pulled from the APIs, then relationship and subscription facts agree', async () => {
    const file = directorySchema.parse(fixture('directory-file.json'));
    const source = new MicrosoftDirectorySource({
      credential: fakeCredential(),
      fetchImpl: fakeFetch(directoryRoutes).impl,
      cloud: 'public',
      partnerTenantId: ids.partner,
      partnerProfile: { name: 'Relay Partner Ltd', type: 'direct', contact: { name: 'Support Desk', email: 'desk@partner.example' } },
      adminAgentsGroupId: ids.adminAgents,
      clock: manualClock(),
    });
    const pulled = await source.pull();
    const byTenant = (customers: Customer[]) => customers.find((c) => c.tenantId === ids.contoso)!;
    const fromFile = byTenant(file.customers);
    const fromApi = byTenant(pulled.customers);

    expect(fromApi.relationships).toHaveLength(fromFile.relationships.length);
    for (const relationship of fromFile.relationships) {
      const twin = fromApi.relationships.find((r) => r.id === relationship.id)!;
      const [a, b] = sharedPart(relationship, twin);
      expect(b).toEqual(a);
    }
    expect(fromApi.subscriptions.map((s) => s.id)).toEqual(fromFile.subscriptions.map((s) => s.id));
    for (const subscription of fromFile.subscriptions) {
      const [a, b] = sharedPart(
        subscription,
        fromApi.subscriptions.find((s) => s.id === subscription.id)!,
      );
      expect(b).toEqual(a);
    }
    const [a, b] = sharedPart(
      file.partners[0]!.agents[0]!,
      pulled.partners[0]!.agents.find((x) => x.objectId === ids.alice)!,
    );
    expect(b).toEqual(a);
  });
});
