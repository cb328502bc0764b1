/** What the relay needs from a PSA's ticket webhook, whichever PSA sent it. */
export interface PsaTicketEvent {
  psaTicketId: string;
  companyId: string;
  companyName: string | null;
  title: string;
  description: string;
  /** The PSA's priority id, looked up in the connector's severity map. */
  priority: string | null;
  /** The PSA's category (Halo category_1, ConnectWise type, Autotask issue type), looked up in the workload map. */
  category: string | null;
  /** A name the PSA gives the assigned technician (a UPN or a user name), tried against the partner's agents. */
  agentHint: string | null;
}

export type ParsedPayload =
  | { kind: 'ticket'; event: PsaTicketEvent }
  /** A well-formed webhook the relay has nothing to do with (a deletion, another entity). */
  | { kind: 'ignored'; reason: string; psaTicketId?: string }
  | { kind: 'invalid'; detail: string };

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An id as the PSA sends it (number or string), as text; null when absent or empty. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 100);
  return null;
}

export const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** Builds the event once the PSA-specific fields are found; says which one is missing otherwise. */
export function ticketEvent(
  fields: Omit<PsaTicketEvent, 'title' | 'description' | 'psaTicketId' | 'companyId'> & {
    psaTicketId: string | null;
    companyId: string | null;
    title: string | null;
    description: string | null;
  },
  names: { ticket: string; company: string; title: string },
): ParsedPayload {
  if (!fields.psaTicketId) return { kind: 'invalid', detail: `The payload has no ticket id (${names.ticket}).` };
  if (!fields.companyId)
    return { kind: 'invalid', detail: `The payload has no company (${names.company}); include it in the webhook's fields.` };
  if (!fields.title)
    return { kind: 'invalid', detail: `The payload has no ticket title (${names.title}); include it in the webhook's fields.` };
  return {
    kind: 'ticket',
    event: {
      ...fields,
      psaTicketId: fields.psaTicketId,
      companyId: fields.companyId,
      title: fields.title,
      description: fields.description ?? fields.title,
    },
  };
}

/**
 * An update to a ticket the relay never filed (older than the connector, or filed elsewhere) that lacks what a new
 * ticket needs is nothing to act on: answering 400 would only count against the PSA's webhook (Autotask disables one
 * after repeated failures). A new ticket lacking it stays a 400, so a misconfigured webhook is seen at once.
 */
export function updateOnly(parsed: ParsedPayload, isUpdate: boolean): ParsedPayload {
  return parsed.kind === 'invalid' && isUpdate ? { kind: 'ignored', reason: `an update the relay cannot file: ${parsed.detail}` } : parsed;
}
