import type { Route } from './fake-psa.js';
import { scriptedNote } from './fake-psa.js';

/**
 * ConnectWise PSA REST 3.0, from its developer docs (https://developer.connectwise.com/Products/ConnectWise_PSA/REST):
 * Basic `company+public:private` and a clientId header; GET/POST /service/tickets/{id}/notes (ServiceNote: text,
 * internalAnalysisFlag …); GET /company/companies. The callback signing key is served as `{ signing_key }` at the
 * key_url a callback names (Developer Guide, Callbacks / Webhooks).
 */
const API = '/v4_6_release/apis/3.0';
export const FAKE_CW_KEY_PATH = '/callback-keys/current';

export const connectWiseRoutes: Route = (req, path, body, fake) => {
  const creds = fake.credentials.connectwise!;
  if (req.method === 'GET' && path === FAKE_CW_KEY_PATH) return { status: 200, body: { signing_key: creds.signingKey } };
  const basic = `Basic ${Buffer.from(`${creds.company}+${creds.publicKey}:${creds.privateKey}`).toString('base64')}`;
  if (req.headers.authorization !== basic || req.headers.clientid !== creds.clientId)
    return { status: 401, body: { code: 'Unauthorized' } };
  const url = new URL(path, 'http://fake');
  const notes = new RegExp(`^${API}/service/tickets/(\\d+)/notes$`).exec(url.pathname);
  if (notes && req.method === 'GET') {
    return {
      status: 200,
      body: fake.notesOn(notes[1]!).map((n, i) => ({ id: i + 1, ticketId: Number(notes[1]), text: n.text, internalAnalysisFlag: true })),
    };
  }
  if (notes && req.method === 'POST') {
    const note = JSON.parse(body) as { text?: string };
    if (!note.text) return { status: 400, body: { code: 'InvalidObject', message: 'text is required' } };
    return scriptedNote(fake, notes[1]!, note.text, (id) => ({ id, ticketId: Number(notes[1]), ...note }));
  }
  if (req.method === 'GET' && url.pathname === `${API}/company/companies`) {
    return {
      status: 200,
      body: fake.companies.map((c) => ({ id: c.id, identifier: c.name.split(' ')[0], name: c.name, website: c.domain })),
    };
  }
  return null;
};
