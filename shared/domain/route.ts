/** Where an escalation goes (docs/eligibility.md "Channels"; docs/openapi.json (Ticket) `route`). */
export const CHANNELS = [
  'azure-support',
  'm365-admin-center',
  'power-platform-admin-center',
  'isv-support',
  'partner-own-support',
  'indirect-provider',
  'none',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface IsvContact {
  publisher: string;
  supportUrl?: string;
  supportEmail?: string;
  supportPhone?: string;
}

export interface PlanReference {
  kind: 'partner-program-agreement' | 'premier' | 'unified' | 'azure-support-plan';
  id: string;
}

export interface Route {
  channel: Channel;
  /** Human-readable destination, e.g. "Azure support (Cloud Solution Provider plan)". */
  target?: string;
  deepLink?: string;
  /** Channel-specific body: Azure Support API request, Microsoft 365 hand-off packet, next steps. */
  payload?: Record<string, unknown>;
  providerTenantId?: string;
  isv?: IsvContact;
  plan?: PlanReference;
  microsoftTicketId?: string;
}

export interface IncidentRef {
  id: string;
  source: string;
  service: string;
  status: string;
  title: string;
  url?: string;
}
