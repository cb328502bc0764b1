import type { Route } from './fake-psa.js';
import { scriptedNote } from './fake-psa.js';

/**
 * Autotask REST, from its developer help (https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/REST_API_Home.htm,
 * TicketNotes entity): headers ApiIntegrationCode, UserName, Secret; GET/POST /V1.0/Tickets/{id}/Notes (items /
 * itemId envelopes); GET /V1.0/Companies/query?search=… → { items, pageDetails }.
 */
export const autotaskRoutes: Route = (req, path, body, fake) => {
  const creds = fake.credentials.autotask!;
  if (
    req.headers.apiintegrationcode !== creds.integrationCode ||
    req.headers.username !== creds.username ||
    req.headers.secret !== creds.secret
  ) {
    return { status: 401, body: { errors: ['Unauthorized'] } };
  }
  const url = new URL(path, 'http://fake');
  const notes = /^\/V1\.0\/Tickets\/(\d+)\/Notes$/.exec(url.pathname);
  if (notes && req.method === 'GET') {
    const items = fake
      .notesOn(notes[1]!)
      .map((n, i) => ({ id: i + 1, ticketID: Number(notes[1]), title: 'CSP Support Relay', description: n.text, noteType: 1, publish: 2 }));
    return { status: 200, body: { items, pageDetails: { count: items.length, requestCount: 500, prevPageUrl: null, nextPageUrl: null } } };
  }
  if (notes && req.method === 'POST') {
    const note = JSON.parse(body) as { description?: string };
    if (!note.description) return { status: 500, body: { errors: ['Description is required'] } };
    return scriptedNote(fake, notes[1]!, note.description, (id) => ({ itemId: id }));
  }
  if (req.method === 'GET' && url.pathname === '/V1.0/Companies/query') {
    const items = fake.companies.map((c) => ({ id: c.id, companyName: c.name, webAddress: `www.${c.domain}` }));
    return { status: 200, body: { items, pageDetails: { count: items.length, requestCount: 500, prevPageUrl: null, nextPageUrl: null } } };
  }
  return null;
};
