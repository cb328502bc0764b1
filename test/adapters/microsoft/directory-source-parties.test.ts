import { describe, expect, it } from 'vitest';
import type { PartnerProfile } from '../../../shared/adapters/microsoft/directory-source.js';
import { profile, source } from './directory-harness.js';
import { ids, resellerRoutes } from './recorded-routes.js';

const reseller: PartnerProfile = { ...profile, type: 'indirect-reseller', indirectProviderTenantId: ids.profileIndirectProvider };

describe('MicrosoftDirectorySource: who provides, who resells, what is known', () => {
  it("when an indirect reseller runs the relay, then it is the reseller and never the provider of its customers' subscriptions", async () => {
    const { directory, fetch } = source(resellerRoutes, reseller);
    const { customers } = await directory.pull();
    expect(fetch.unmatched).toEqual([]);
    const subscriptions = customers.flatMap((c) => c.subscriptions);
    expect(subscriptions.length).toBeGreaterThan(0);
    expect(subscriptions.every((s) => s.providerTenantId !== ids.partner && s.resellerTenantId === ids.partner)).toBe(true);
    // Contoso: the indirect provider Partner Center names for the customer.
    const azure = customers.find((c) => c.tenantId === ids.contoso)!.subscriptions.find((s) => s.id === ids.azureSubscription)!;
    expect(azure).toMatchObject({
      workload: 'azure',
      channel: 'csp',
      providerTenantId: ids.pcIndirectProvider,
      resellerTenantId: ids.partner,
    });
    // Fabrikam: Partner Center refused (App+User only), so the profile's indirect provider.
    const fabrikam = customers.find((c) => c.tenantId === ids.fabrikam)!;
    expect(fabrikam.subscriptions.map((s) => s.providerTenantId)).toEqual([ids.profileIndirectProvider, ids.profileIndirectProvider]);
  });

  it('when an indirect reseller has no provider in Partner Center or its profile, then its subscriptions have no provider', async () => {
    const { directory } = source(resellerRoutes, { ...profile, type: 'indirect-reseller' });
    const { customers } = await directory.pull();
    const fabrikam = customers.find((c) => c.tenantId === ids.fabrikam)!;
    expect(fabrikam.subscriptions.every((s) => !('providerTenantId' in s) && s.resellerTenantId === ids.partner)).toBe(true);
  });

  it('when a direct partner or an advisor runs the relay, then Partner Center is not asked for indirect providers', async () => {
    for (const type of ['direct', 'advisor'] as const) {
      const { directory, fetch } = source(resellerRoutes, { ...profile, type });
      const { customers } = await directory.pull();
      expect(fetch.seen.some((r) => r.url.endsWith('/relationships'))).toBe(false);
      const providers = customers.flatMap((c) => c.subscriptions).map((s) => s.providerTenantId);
      expect(new Set(providers)).toEqual(new Set([type === 'direct' ? ids.partner : undefined]));
    }
  });

  it('when customers come from the Microsoft source, then every one says its direct purchases are unknown', async () => {
    const { directory } = source();
    const { customers } = await directory.pull();
    expect(customers).toHaveLength(3);
    expect(customers.map((c) => c.directSubscriptionsKnown)).toEqual([false, false, false]);
  });
});
