import type { EventType } from '../domain/ticket.js';

export interface DeliveryAttempt {
  retryAfterSeconds?: number;
  at: string;
  statusCode: number | null;
  latencyMs: number;
  error?: string;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** One outcome event owed to a tool, with every attempt made to deliver it. */
export interface Delivery {
  eventId: string;
  type: EventType;
  partnerTenantId: string;
  /** null for events about the partner rather than a ticket (`gdap.expiring`). */
  ticketId: string | null;
  toolId: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
  /** First attempt number of the current run: a replay starts the retry schedule again from here. */
  runStart?: number;
  /** The body's `timestamp`, fixed when the delivery is first created: every attempt and replay sends the same event. */
  eventAt?: string;
  updatedAt: string;
}

export interface DeliveryLog {
  get(partnerTenantId: string, eventId: string): Promise<Delivery | null>;
  forTicket(partnerTenantId: string, ticketId: string): Promise<Delivery[]>;
  save(delivery: Delivery): Promise<void>;
  list(filter: { partnerTenantId?: string; status?: DeliveryStatus; since?: Date }): Promise<Delivery[]>;
}
