import { describe, expect, it } from 'vitest';
import { cspRoles, type CspRolesInput } from '../../../shared/adapters/microsoft/csp-roles.js';

const self = '8777b240-c6f0-4469-9e98-a3205431b836';
const provider = '60ea59db-a506-485e-94c5-d115f369e239';
const otherProvider = 'f1f2f3f4-0000-4000-8000-0000000000f1';
const reseller = 'b2b2b2b2-0000-4000-8000-0000000000b2';
const roles = (input: Omit<CspRolesInput, 'partnerTenantId'>) => cspRoles({ partnerTenantId: self, ...input });

describe('cspRoles', () => {
  it('when a direct partner or an indirect provider lists a subscription, then it is the provider and the reseller of record is the reseller', () => {
    expect(roles({ partnerType: 'direct' })).toEqual({ providerTenantId: self });
    expect(roles({ partnerType: 'indirect-provider', resellerOfRecord: reseller })).toEqual({
      providerTenantId: self,
      resellerTenantId: reseller,
    });
  });

  it("when an indirect reseller lists a subscription, then it is the reseller and Partner Center's indirect provider is the provider", () => {
    expect(
      roles({ partnerType: 'indirect-reseller', customerIndirectProviders: [provider], profileIndirectProviderTenantId: otherProvider }),
    ).toEqual({ providerTenantId: provider, resellerTenantId: self });
  });

  it("when Partner Center names no provider for an indirect reseller, then the profile's applies, else none", () => {
    expect(
      roles({ partnerType: 'indirect-reseller', customerIndirectProviders: [], profileIndirectProviderTenantId: otherProvider }),
    ).toEqual({ providerTenantId: otherProvider, resellerTenantId: self });
    expect(roles({ partnerType: 'indirect-reseller', profileIndirectProviderTenantId: otherProvider })).toEqual({
      providerTenantId: otherProvider,
      resellerTenantId: self,
    });
    expect(roles({ partnerType: 'indirect-reseller' })).toEqual({ resellerTenantId: self });
  });

  it("when Partner Center names several providers, then the profile's one if among them, else none rather than a guess", () => {
    const both = [provider, otherProvider];
    expect(
      roles({
        partnerType: 'indirect-reseller',
        customerIndirectProviders: both,
        profileIndirectProviderTenantId: otherProvider.toUpperCase(),
      }),
    ).toEqual({ providerTenantId: otherProvider, resellerTenantId: self });
    expect(roles({ partnerType: 'indirect-reseller', customerIndirectProviders: both })).toEqual({ resellerTenantId: self });
  });

  it('when any data names the indirect reseller itself as provider, then it is still never the provider', () => {
    expect(roles({ partnerType: 'indirect-reseller', customerIndirectProviders: [self.toUpperCase()] })).toEqual({
      resellerTenantId: self,
    });
    expect(roles({ partnerType: 'indirect-reseller', profileIndirectProviderTenantId: self, resellerOfRecord: reseller })).toEqual({
      resellerTenantId: self,
    });
  });

  it('when an advisor lists a subscription, then it is neither provider nor reseller', () => {
    expect(roles({ partnerType: 'advisor', resellerOfRecord: self })).toEqual({});
    expect(roles({ partnerType: 'advisor', resellerOfRecord: reseller })).toEqual({ resellerTenantId: reseller });
  });
});
