import type { Route } from './fake-psa.js';
import { scriptedNote } from './fake-psa.js';

/**
 * HaloPSA, from its API documentation (https://halopsa.com/apidoc/ ; https://halopsa.com/apidoc/authentication):
 * POST /auth/token (form: grant_type=client_credentials, client_id, client_secret, scope) → { access_token,
 * token_type, expires_in }; GET /api/actions?ticket_id= → { record_count, actions: [...] }; POST /api/actions with an
 * array of actions; GET /api/client → { record_count, clients: [...] }.
 */
export const FAKE_HALO_TOKEN = 'fake-halo-access-token';

export const haloRoutes: Route = (req, path, body, fake) => {
  const creds = fake.credentials.halo!;
  if (req.method === 'POST' && path === '/auth/token') {
    const form = new URLSearchParams(body);
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_id') !== creds.clientId ||
      form.get('client_secret') !== creds.clientSecret
    ) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    return { status: 200, body: { access_token: FAKE_HALO_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') } };
  }
  if (req.headers.authorization !== `Bearer ${FAKE_HALO_TOKEN}`) return { status: 401, body: { message: 'unauthorised' } };
  const url = new URL(path, 'http://fake');
  if (req.method === 'GET' && url.pathname === '/api/actions') {
    const ticketId = url.searchParams.get('ticket_id') ?? '';
    const actions = fake.notesOn(ticketId).map((n, i) => ({ id: i + 1, ticket_id: Number(ticketId), note: n.text, hiddenfromuser: true }));
    return { status: 200, body: { record_count: actions.length, actions } };
  }
  if (req.method === 'POST' && url.pathname === '/api/actions') {
    const [action] = JSON.parse(body) as { ticket_id: number; note: string; outcome: string }[];
    if (!action?.ticket_id || !action.note) return { status: 400, body: { message: 'ticket_id and note are required' } };
    return scriptedNote(fake, String(action.ticket_id), action.note, (id) => [{ id, ...action }]);
  }
  if (req.method === 'GET' && url.pathname === '/api/client') {
    const clients = fake.companies.map((c) => ({ id: c.id, name: c.name, website: `https://${c.domain}` }));
    return { status: 200, body: { record_count: clients.length, clients } };
  }
  return null;
};
