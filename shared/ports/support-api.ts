/** Azure Support API (Microsoft.Support/supportTickets), used when AZURE_SUPPORT_SUBMIT=on. */
export interface SupportTicketRequest {
  subscriptionId: string;
  ticketName: string;
  customerTenantId: string;
  partnerTenantId: string;
  body: Record<string, unknown>;
}

export type SupportTicketResult =
  | { kind: 'created'; supportTicketId: string }
  | { kind: 'exists'; supportTicketId: string }
  | { kind: 'permanent-failure'; message: string };

export interface SupportApi {
  /** Throws on transient faults (the broker retries); answers permanent failures as values. */
  createTicket(request: SupportTicketRequest): Promise<SupportTicketResult>;
}
