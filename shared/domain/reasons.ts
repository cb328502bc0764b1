/** Reason codes are part of the public contract (docs/rules.md, docs/openapi.json (Ticket)). Never rename one. */
export const REASON_CODES = [
  'PARTNER_NOT_FOUND',
  'CUSTOMER_NOT_FOUND',
  'OWN_SUBSCRIPTION_NEEDS_PLAN',
  'MARKETPLACE_PRODUCT',
  'ISV_CONTACT_UNKNOWN',
  'RESELLER_CANNOT_FILE_AZURE',
  'NOT_SUBSCRIPTION_PROVIDER',
  'SUBSCRIPTION_NOT_FOUND',
  'NO_ACTIVE_GDAP',
  'GDAP_PENDING_APPROVAL',
  'GDAP_EXPIRING',
  'GDAP_ROLE_MISSING',
  'GDAP_GLOBAL_ADMIN',
  'GDAP_USER_NOT_ASSIGNED',
  'ADMIN_AGENT_ROLE_MISSING',
  'AGENT_NOT_FOUND',
  'AZURE_RBAC_MISSING',
  'KNOWN_INCIDENT',
  'KNOWN_INCIDENT_OVERRIDDEN',
  'POSSIBLE_KNOWN_INCIDENT',
  'CLOUD_MISMATCH',
  'UNSUPPORTED_CLOUD',
  'SEVERITY_DOWNGRADED',
  'AZURE_SUBMISSION_FAILED',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  severity: 'block' | 'warn';
  /** What happened, in words a partner's service desk understands. */
  message: string;
  /** What to change so the request can go through (or what to do instead). */
  fix?: string;
}

export const block = (code: ReasonCode, message: string, fix?: string): Reason => ({
  code,
  severity: 'block',
  message,
  ...(fix ? { fix } : {}),
});
export const warn = (code: ReasonCode, message: string, fix?: string): Reason => ({
  code,
  severity: 'warn',
  message,
  ...(fix ? { fix } : {}),
});
