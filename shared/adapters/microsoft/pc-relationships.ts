import { z } from 'zod';
import { MicrosoftApiError, type MicrosoftHttp } from './http.js';
import { getAllItems } from './paging.js';

/**
 * A customer's indirect providers, as the indirect reseller running the relay sees them in Partner Center:
 * GET /v1/customers/{customer-id}/relationships → a collection of PartnerRelationship
 *   https://learn.microsoft.com/partner-center/developer/get-indirect-resellers-of-a-customer
 *   resource (`id` = the other partner's tenant id, `relationshipType`, `state`):
 *   https://learn.microsoft.com/partner-center/developer/relationships
 * `relationshipType` reads from the signed-in partner: a reseller "is indirect reseller of" its providers,
 * a provider "is indirect cloud solution provider of" its resellers (same direction as
 * https://learn.microsoft.com/partner-center/developer/retrieve-a-list-of-indirect-resellers). The example
 * answer spells it `is_indirect_cloud_solution_provider_of`, the SDK enum `IsIndirectResellerOf`
 * (https://learn.microsoft.com/dotnet/api/microsoft.store.partnercenter.models.relationships.partnerrelationshiptype):
 * compared without underscores or case.
 */
const pcPartnerRelationship = z.looseObject({
  id: z.string(),
  relationshipType: z.string().nullish(),
  state: z.string().nullish(),
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const normalised = (value: string | null | undefined) => (value ?? '').replace(/_/g, '').toLowerCase();

/**
 * Partner Center documents this call for App+User tokens only, so an app-only relay may be refused
 * (401/403), and a customer without such a relationship may be unknown to it (404) or, as Microsoft
 * Q&A reports, answered with no collection at all (paging reports that as a 200 it cannot read):
 * then `undefined`, "Partner Center did not say", and the profile's provider applies.
 */
const NOT_ANSWERED = new Set([401, 403, 404, 200]);

export async function fetchIndirectProviders(
  http: MicrosoftHttp,
  partnerCenterBase: string,
  scope: string,
  customerTenantId: string,
): Promise<string[] | undefined> {
  const url = `${partnerCenterBase}/v1/customers/${encodeURIComponent(customerTenantId)}/relationships`;
  let items: z.infer<typeof pcPartnerRelationship>[];
  try {
    items = await getAllItems(http, url, { scope }, 'partner-center', pcPartnerRelationship);
  } catch (error) {
    if (error instanceof MicrosoftApiError && error.status !== undefined && NOT_ANSWERED.has(error.status)) return undefined;
    throw error;
  }
  return (
    items
      .filter((r) => normalised(r.relationshipType) === 'isindirectresellerof')
      // A relationship no longer active names a former provider, not the current one.
      .filter((r) => !r.state || r.state.toLowerCase() === 'active')
      .map((r) => r.id)
      .filter((id) => GUID.test(id))
  );
}
