import { randomBytes, randomUUID } from 'node:crypto';
import type { Ticket } from '../../shared/domain/ticket.js';
import { receivedTicket } from '../../shared/pipeline/intake.js';

/** A ticket as intake writes it (received, owed to eligibility), for tests that call the ticket store directly. */
export function aTicket(partnerTenantId: string, extra: Partial<Ticket> = {}): Ticket {
  const ticket = receivedTicket(
    {
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
    },
    new Date(),
  );
  return { ...ticket, ...extra };
}
