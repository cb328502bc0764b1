import { answered, arrayOf, domainOf, joinUrl, type PsaApi, type PsaCall, type PsaResult } from './psa-api.js';
import type { PsaResponse } from './psa-http.js';
import { textOf } from '../../text-of.js';

/**
 * HaloPSA REST API (https://halopsa.com/apidoc/ ; auth: https://halopsa.com/apidoc/authentication): a bearer token
 * from POST /auth/token (client_credentials, scope `all`), notes are actions — POST /api/actions takes an array —
 * read back with GET /api/actions?ticket_id=…, companies are clients (GET /api/client).
 */
export class HaloApi implements PsaApi {
  private token: { value: string; until: number } | null = null;

  constructor(
    private readonly call: PsaCall,
    private readonly baseUrl: string,
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly outcome: string,
  ) {}

  async noteTexts(psaTicketId: string): Promise<PsaResult<string[]>> {
    return this.authorized('GET', `/api/actions?ticket_id=${encodeURIComponent(psaTicketId)}&excludesys=true`, undefined, (body) =>
      arrayOf((body as { actions?: unknown } | null)?.actions).map((a) => textOf(a.note)),
    );
  }

  async addNote(psaTicketId: string, text: string): Promise<PsaResponse> {
    const action = { ticket_id: Number(psaTicketId), outcome: this.outcome, note: text, hiddenfromuser: true };
    const result = await this.authorized('POST', '/api/actions', JSON.stringify([action]), () => true);
    return result.ok ? { kind: 'answered', status: 201, body: null } : result.response;
  }

  async companies(): Promise<PsaResult<{ id: string; name: string; domain: string | null }[]>> {
    return this.authorized('GET', '/api/client?pageinate=false', undefined, (body) =>
      arrayOf((body as { clients?: unknown } | null)?.clients).map((c) => ({
        id: String(c.id),
        name: textOf(c.name),
        domain: domainOf(c.website ?? c.main_email),
      })),
    );
  }

  private async authorized<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    read: (body: unknown) => T,
  ): Promise<PsaResult<T>> {
    const token = await this.bearer();
    if (!token.ok) return token;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token.value}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    };
    const response = await this.call({ method, url: joinUrl(this.baseUrl, path), headers, ...(body ? { body } : {}) });
    // A token revoked early: ask for a new one on the next attempt.
    if (response.kind === 'answered' && response.status === 401) this.token = null;
    return answered(response, read);
  }

  private async bearer(): Promise<PsaResult<string>> {
    if (this.token && this.token.until > Date.now()) return { ok: true, value: this.token.value };
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      scope: 'all',
    });
    const response = await this.call({
      method: 'POST',
      url: joinUrl(this.baseUrl, '/auth/token'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const result = answered(response, (b) => b as { access_token?: unknown; expires_in?: unknown } | null);
    if (!result.ok) return result;
    if (typeof result.value?.access_token !== 'string')
      return { ok: false, response: { kind: 'failed', error: 'Halo answered the token request without an access_token' } };
    const seconds = typeof result.value.expires_in === 'number' ? result.value.expires_in : 3600;
    this.token = { value: result.value.access_token, until: Date.now() + Math.max(0, seconds - 60) * 1000 };
    return { ok: true, value: this.token.value };
  }
}
