import type { PsaResponse } from './psa-http.js';

/** The few PSA calls the relay makes: read a ticket's notes, add one, list companies. */
export type PsaResult<T> = { ok: true; value: T } | { ok: false; response: PsaResponse };

export interface PsaCompany {
  id: string;
  name: string;
  /** The company's web site or e-mail domain, when the PSA has one. */
  domain: string | null;
}

export interface PsaApi {
  /** The text of every note on the ticket, to look for an event's marker before posting it again. */
  noteTexts(psaTicketId: string): Promise<PsaResult<string[]>>;
  addNote(psaTicketId: string, text: string): Promise<PsaResponse>;
  companies(): Promise<PsaResult<PsaCompany[]>>;
}

export type PsaCall = (call: {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<PsaResponse>;

/** A 2xx answer's body, or the answer itself as the failure. */
export function answered<T>(response: PsaResponse, read: (body: unknown) => T): PsaResult<T> {
  if (response.kind === 'answered' && response.status >= 200 && response.status < 300) return { ok: true, value: read(response.body) };
  return { ok: false, response };
}

export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

export const domainOf = (value: unknown): string | null => {
  if (typeof value !== 'string' || !value.trim()) return null;
  const text = value.trim().toLowerCase();
  const host = text.includes('@') ? text.split('@')[1]! : text.replace(/^https?:\/\//, '').split('/')[0]!;
  return host.replace(/^www\./, '') || null;
};

export const arrayOf = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
