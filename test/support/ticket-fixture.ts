import { randomBytes, randomUUID } from 'node:crypto';
import type { Ticket } from '../../shared/domain/ticket.js';

/** A ticket as intake writes it (received, owed to eligibility), for tests that call the ticket store directly. */
export function aTicket(partnerTenantId: string, extra: Partial<Ticket> = {}): Ticket {
  const now = new Date().toISOString();
  return {
    ticketId: `tk_${randomBytes(8).toString('hex')}`,
    partnerTenantId,
    toolId: 'tool-1',
    correlationId: randomUUID(),
    request: {
      customerTenantId: '22222222-2222-4222-8222-222222222222',
      workload: 'office365',
      title: 'Mailbox not syncing',
      description: 'Since Monday',
      severity: 'moderate',
      agent: { userPrincipalName: 'agent@partner.example' },
      escalateDespiteIncident: false,
    },
    status: 'received',
    nextStage: 'eligibility',
    decision: null,
    reasons: [],
    route: null,
    incident: null,
    customerCanSelfFile: null,
    eligibility: null,
    pendingEvent: null,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}
