import type { AzureSupportTicketRequest } from './routing/azure-support-body.js';
import type { M365HandOffPacket } from './routing/m365-packet.js';

/** Where an escalation goes (docs/rules.md "Channels"; docs/openapi.json (Ticket) `route`). */
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

interface RouteFields {
  /** Human-readable destination, e.g. "Azure support (Cloud Solution Provider plan)". */
  target?: string;
  deepLink?: string;
  providerTenantId?: string;
  isv?: IsvContact;
  plan?: PlanReference;
  microsoftTicketId?: string;
}

/** What the partner does next where no Microsoft request is built: steps, and whether the customer may go direct. */
export interface NextStepsPayload {
  nextSteps: string[];
  customerCanSelfFile?: boolean;
  selfFileGuidance?: string;
}

/** The partner files in its own tenant under its own plan (rule 2). */
export interface OwnSupportPayload {
  instructions: string[];
  title: string;
  description: string;
}

/** What an indirect reseller forwards to its provider (rule 4): the request field by field, never the customer's contact. */
export interface ForwardingPayload {
  forwardingNote: string;
  request: Record<string, unknown> & { relayTicketId: string; customerTenantId: string };
  resellerContact: { name: string; email: string; phone?: string };
}

/** One shape per channel: the channel names which payload a route carries, so no reader has to guess or cast. */
export type Route =
  | (RouteFields & { channel: 'azure-support'; payload: AzureSupportTicketRequest })
  | (RouteFields & { channel: 'm365-admin-center' | 'power-platform-admin-center'; payload: M365HandOffPacket })
  | (RouteFields & { channel: 'partner-own-support'; payload: OwnSupportPayload })
  | (RouteFields & { channel: 'indirect-provider'; payload: ForwardingPayload })
  | (RouteFields & { channel: 'isv-support' | 'none'; payload: NextStepsPayload });

export interface IncidentRef {
  id: string;
  source: string;
  service: string;
  status: string;
  title: string;
  url?: string;
}
