import { answered, arrayOf, domainOf, joinUrl, type PsaApi, type PsaCall, type PsaResult } from './psa-api.js';
import type { PsaResponse } from './psa-http.js';
import { textOf } from '../../text-of.js';

/**
 * Autotask REST API (https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/REST_API_Home.htm): headers
 * ApiIntegrationCode, UserName and Secret on every call; notes are the TicketNotes child collection
 * (/V1.0/Tickets/{id}/Notes, noteType 1; publish 2 is the internal level of the TicketNotes picklist, 1 would show the note
 * to the customer in the Client Portal); companies via /V1.0/Companies/query.
 */
export class AutotaskApi implements PsaApi {
  constructor(
    private readonly call: PsaCall,
    private readonly baseUrl: string,
    private readonly credentials: { integrationCode: string; username: string; secret: string },
  ) {}

  noteTexts(psaTicketId: string): Promise<PsaResult<string[]>> {
    return this.get(`/V1.0/Tickets/${encodeURIComponent(psaTicketId)}/Notes`, (body) =>
      arrayOf((body as { items?: unknown } | null)?.items).map((n) => textOf(n.description)),
    );
  }

  addNote(psaTicketId: string, text: string): Promise<PsaResponse> {
    const body = JSON.stringify({
      ticketID: Number(psaTicketId),
      title: 'CSP Support Relay',
      description: text.slice(0, 32000),
      noteType: 1,
      publish: 2,
    });
    return this.call({
      method: 'POST',
      url: this.url(`/V1.0/Tickets/${encodeURIComponent(psaTicketId)}/Notes`),
      headers: { ...this.headers(), 'content-type': 'application/json' },
      body,
    });
  }

  companies(): Promise<PsaResult<{ id: string; name: string; domain: string | null }[]>> {
    const search = encodeURIComponent(JSON.stringify({ filter: [{ op: 'gte', field: 'id', value: 0 }] }));
    return this.get(`/V1.0/Companies/query?search=${search}`, (body) =>
      arrayOf((body as { items?: unknown } | null)?.items).map((c) => ({
        id: String(c.id),
        name: textOf(c.companyName),
        domain: domainOf(c.webAddress),
      })),
    );
  }

  private async get<T>(path: string, read: (body: unknown) => T): Promise<PsaResult<T>> {
    return answered(await this.call({ method: 'GET', url: this.url(path), headers: this.headers() }), read);
  }

  private url(path: string): string {
    return joinUrl(this.baseUrl, path);
  }

  private headers(): Record<string, string> {
    const { integrationCode, username, secret } = this.credentials;
    return { apiintegrationcode: integrationCode, username, secret };
  }
}
