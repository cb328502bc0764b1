import type { SupportApi, SupportTicketRequest, SupportTicketResult } from '../../shared/ports/support-api.js';

/**
 * Azure support as far as the recorder can tell: a ticket name files once; the same name again answers "exists"
 * with the same id, as the real API does for our deterministic names. `next` scripts a one-off answer.
 */
export function fakeSupportApi() {
  const filed = new Map<string, string>();
  const calls: SupportTicketRequest[] = [];
  let next: (() => SupportTicketResult) | null = null;
  const api: SupportApi = {
    createTicket: async (request) => {
      calls.push(request);
      const scripted = next;
      next = null;
      if (scripted) return scripted();
      const existing = filed.get(request.ticketName);
      if (existing) return { kind: 'exists', supportTicketId: existing };
      const id = `2405${String(filed.size + 1).padStart(12, '0')}`;
      filed.set(request.ticketName, id);
      return { kind: 'created', supportTicketId: id };
    },
  };
  return { api, filed, calls, answerNext: (answer: () => SupportTicketResult) => void (next = answer) };
}
