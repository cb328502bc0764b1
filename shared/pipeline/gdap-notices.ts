import type { Deps } from './deps.js';
import type { GdapExpiry } from './directory-sync.js';
import { sendPartnerEvents, type PartnerEventResult } from './partner-events.js';

export type GdapNoticeResult = PartnerEventResult;

/**
 * `gdap.expiring` (deprecated: access.at_risk, sent by the access watch, says the same and more; kept for one release).
 * Each directory sync sends every expiry to each of the partner's tools with a callback, once per relationship end
 * date; a failed one is tried again by the next sync (every 6 h by default) until MAX_ATTEMPTS.
 */
export function sendGdapExpiringNotices(deps: Deps, expiring: GdapExpiry[]): Promise<GdapNoticeResult> {
  return sendPartnerEvents(
    deps,
    expiring.map((expiry) => ({
      partnerTenantId: expiry.partnerTenantId,
      type: 'gdap.expiring' as const,
      key: `${expiry.relationshipId}\n${expiry.endDateTime}`,
      data: expiry,
    })),
  );
}
