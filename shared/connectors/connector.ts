import type { Severity, Workload } from '../domain/submission.js';

/** A connector: one PSA instance of one partner, talking to the relay in the PSA's own wire format (README "Connect your PSA"). */
export const CONNECTOR_KINDS = ['halo', 'connectwise', 'autotask'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** Credentials per kind; sealed at rest, shown once when the connector is added, never listed or logged. */
export type ConnectorSecrets =
  /** Inbound: the Basic user/password the relay generated and Halo's webhook sends. Outbound: Halo API client credentials. */
  | { kind: 'halo'; inboundUser: string; inboundPassword: string; clientId: string; clientSecret: string }
  /** Inbound is verified with the key behind each callback's key_url; outbound is the API member's keys. */
  | { kind: 'connectwise'; company: string; publicKey: string; privateKey: string; clientId: string }
  /** Inbound: the webhook's SecretKey. Outbound: the API user's integration code, user name and secret. */
  | { kind: 'autotask'; webhookSecret: string; integrationCode: string; username: string; secret: string };

export interface WorkloadTarget {
  workload: Workload;
  service?: string;
}

export interface Connector {
  connectorId: string;
  kind: ConnectorKind;
  partnerTenantId: string;
  name: string;
  /** The PSA's API root, e.g. https://contoso.halopsa.com; must pass the callback URL guard. */
  baseUrl: string;
  /** The partner agent (UPN) a PSA ticket is filed as unless the payload names a known agent. */
  defaultAgent: string;
  /** The relay tool the connector's tickets belong to; its callback is `psa://<connectorId>`. */
  toolId: string;
  disabled: boolean;
  /** Halo: the action outcome notes are posted with. */
  noteOutcome?: string;
  /** ConnectWise: host patterns a callback's key_url may name (`*.myconnectwise.net`). */
  keyUrlHosts?: string[];
  /** PSA priority id → severity; unmapped priorities use DEFAULT_SEVERITIES. */
  severityMap: Record<string, Severity>;
  /** PSA category → workload/service; unmapped categories go to office365 with the category as service. */
  workloadMap: Record<string, WorkloadTarget>;
  createdAt: string;
}

/** A PSA ticket that arrived before its company was mapped: kept until a mapping for the company is added. */
export interface ParkedEvent {
  connectorId: string;
  companyId: string;
  companyName: string | null;
  psaTicketId: string;
  /** The submission as built from the payload, without customerTenantId. */
  submission: Record<string, unknown>;
  receivedAt: string;
}

export type NewConnector = Omit<Connector, 'connectorId' | 'toolId' | 'disabled' | 'createdAt'>;

export interface ConnectorStore {
  add(input: NewConnector, secrets: ConnectorSecrets, toolId: (connectorId: string) => Promise<string>): Promise<Connector>;
  get(connectorId: string): Promise<Connector | null>;
  /** The connector with its credentials opened, in one read: for the inbound check and the PSA calls only. */
  withSecrets(connectorId: string): Promise<{ connector: Connector; secrets: ConnectorSecrets } | null>;
  list(): Promise<Connector[]>;
  disable(connectorId: string): Promise<void>;
  mapCompany(connectorId: string, companyId: string, tenantId: string): Promise<void>;
  tenantOf(connectorId: string, companyId: string): Promise<string | null>;
  mappings(connectorId: string): Promise<{ companyId: string; tenantId: string }[]>;
  park(event: ParkedEvent): Promise<void>;
  parked(connectorId: string): Promise<ParkedEvent[]>;
  unpark(connectorId: string, psaTicketId: string): Promise<void>;
}

export const CONNECTOR_ID = /^conn_[A-Za-z0-9_-]{12}$/;
export const PSA_CALLBACK_SCHEME = 'psa://';
export const psaCallbackUrl = (connectorId: string) => `${PSA_CALLBACK_SCHEME}${connectorId}`;
/** Where the PSA posts its webhooks; `apiRoot` is the relay's address with its route prefix (`https://<app>/api`). */
export const connectorWebhookUrl = (apiRoot: string, connectorId: string) =>
  `${apiRoot.replace(/\/+$/, '')}/v1/connectors/${connectorId}/events`;
