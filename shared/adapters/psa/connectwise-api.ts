import { answered, arrayOf, domainOf, joinUrl, type PsaApi, type PsaCall, type PsaResult } from './psa-api.js';
import type { PsaResponse } from './psa-http.js';
import { textOf } from '../../text-of.js';

/**
 * ConnectWise PSA REST API 3.0 (https://developer.connectwise.com/Products/ConnectWise_PSA/REST): Basic auth of
 * `company+publicKey:privateKey` plus a `clientId` header; ticket notes at /service/tickets/{id}/notes (an internal
 * note has internalAnalysisFlag true); companies at /company/companies.
 */
export class ConnectWiseApi implements PsaApi {
  constructor(
    private readonly call: PsaCall,
    private readonly baseUrl: string,
    private readonly credentials: { company: string; publicKey: string; privateKey: string; clientId: string },
  ) {}

  noteTexts(psaTicketId: string): Promise<PsaResult<string[]>> {
    return this.get(`/service/tickets/${encodeURIComponent(psaTicketId)}/notes?pageSize=1000`, (body) =>
      arrayOf(body).map((n) => textOf(n.text)),
    );
  }

  addNote(psaTicketId: string, text: string): Promise<PsaResponse> {
    const body = JSON.stringify({ text, internalAnalysisFlag: true, detailDescriptionFlag: false, resolutionFlag: false });
    return this.call({
      method: 'POST',
      url: this.url(`/service/tickets/${encodeURIComponent(psaTicketId)}/notes`),
      headers: { ...this.headers(), 'content-type': 'application/json' },
      body,
    });
  }

  companies(): Promise<PsaResult<{ id: string; name: string; domain: string | null }[]>> {
    return this.get('/company/companies?pageSize=1000', (body) =>
      arrayOf(body).map((c) => ({ id: String(c.id), name: textOf(c.name), domain: domainOf(c.website) })),
    );
  }

  private async get<T>(path: string, read: (body: unknown) => T): Promise<PsaResult<T>> {
    return answered(await this.call({ method: 'GET', url: this.url(path), headers: this.headers() }), read);
  }

  private url(path: string): string {
    return joinUrl(this.baseUrl, `/v4_6_release/apis/3.0${path}`);
  }

  private headers(): Record<string, string> {
    const { company, publicKey, privateKey, clientId } = this.credentials;
    return { authorization: `Basic ${Buffer.from(`${company}+${publicKey}:${privateKey}`).toString('base64')}`, clientid: clientId };
  }
}
