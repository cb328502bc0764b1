/** Azure Support API (Microsoft.Support/supportTickets), used when AZURE_SUPPORT_SUBMIT=on. */
export interface SupportTicketRequest extends SupportTicketRef {
  body: Record<string, unknown>;
}

/** Where a ticket filed by the relay lives, and whose tokens reach it (customer primary, partner auxiliary). */
export interface SupportTicketRef {
  subscriptionId: string;
  ticketName: string;
  customerTenantId: string;
  partnerTenantId: string;
}

export type SupportTicketResult =
  | { kind: 'created'; supportTicketId: string }
  | { kind: 'exists'; supportTicketId: string }
  | { kind: 'permanent-failure'; message: string };

/** Azure asked us to slow down (429, or 503 with Retry-After): the caller waits this long before asking again. */
export type Throttled = { kind: 'throttled'; retryAfterSeconds: number };
type ReadFailure = Throttled | { kind: 'permanent-failure'; message: string };

/** One message on a ticket, as Azure lists it (support.json 2024-04-01, CommunicationDetails). */
export interface SupportCommunication {
  name: string;
  /** `outbound`: Microsoft wrote to the customer; `inbound`: the customer (or the partner) wrote to Microsoft. */
  direction: string | null;
  sender: string | null;
  createdDate: string | null;
  subject: string;
  body: string;
}

export interface SupportApi {
  /** Throws on transient faults (the broker retries); answers permanent failures as values. */
  createTicket(request: SupportTicketRequest): Promise<SupportTicketResult>;
  /** The ticket's status as Azure reports it (`Open`, `Updating`, `Closed`, …). Throws on transient faults. */
  ticketStatus(ref: SupportTicketRef): Promise<{ kind: 'status'; status: string } | ReadFailure>;
  /**
   * The ticket's communications, following nextLink for at most `maxPages` pages; `createdSince` narrows the list
   * (`$filter=createdDate ge …`). `complete: false` when pages were left. Throws on transient faults.
   */
  communications(
    ref: SupportTicketRef,
    options: { createdSince?: string; maxPages: number },
  ): Promise<{ kind: 'communications'; items: SupportCommunication[]; complete: boolean } | ReadFailure>;
}
