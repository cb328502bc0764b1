import { api, ApiError, session } from './api.js';
import { h } from './dom.js';
import * as access from './page-access.js';
import * as connectors from './page-connectors.js';
import * as deadLetters from './page-dead-letters.js';
import * as deliveries from './page-deliveries.js';
import * as held from './page-held.js';
import * as ticket from './page-ticket.js';
import * as tickets from './page-tickets.js';

const $ = (id) => document.getElementById(id);
const PAGES = { tickets, ticket, held, deliveries, 'dead-letters': deadLetters, access, connectors };
let viewer = null;

/** `#/ticket/<partner>/<id>` → { name: 'ticket', params: [partner, id] }; anything else → tickets. */
function route() {
  const [name, ...params] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return PAGES[name] ? { name, params } : { name: 'tickets', params: [] };
}

async function show() {
  if (!viewer) return;
  const { name, params } = route();
  const page = $('page');
  for (const link of document.querySelectorAll('#nav a')) {
    const current = link.getAttribute('href') === `#/${name === 'ticket' ? 'tickets' : name}`;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  page.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  let content;
  try {
    content = await PAGES[name].render({ viewer, params, refresh: show });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut('Your key is no longer accepted. Sign in again.');
    content = h(
      'p',
      { class: 'error', role: 'alert' },
      error instanceof ApiError ? error.message : 'Something went wrong showing this page.',
    );
  }
  page.replaceChildren(content);
  // Screen readers and keyboards start at the new page's heading.
  page.querySelector('h1')?.focus();
}

async function signIn(key) {
  const error = $('sign-in-error');
  error.textContent = '';
  if (!key) {
    error.textContent = 'Enter an API key or the admin key.';
    return;
  }
  try {
    viewer = await api('session', { key });
  } catch (e) {
    viewer = null;
    session.clear();
    error.textContent =
      e instanceof ApiError && e.status === 401
        ? 'That key was not accepted: it is unknown, rotated or its tool is disabled. Check it and try again.'
        : e.message;
    $('key').focus();
    return;
  }
  session.save(key);
  $('key').value = '';
  $('sign-in').hidden = true;
  $('page').hidden = false;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  const who = $('who');
  who.hidden = false;
  who.textContent =
    viewer.role === 'admin' ? 'Operator (admin key): every partner' : `${viewer.toolName} · partner ${viewer.partnerTenantId}`;
  for (const el of document.querySelectorAll('[data-admin]')) el.hidden = viewer.role !== 'admin';
  await show();
}

function signOut(message = '') {
  viewer = null;
  session.clear();
  $('page').replaceChildren();
  $('page').hidden = true;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('key').focus();
}

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn($('key').value.trim());
});
$('sign-out').addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => {
  if (!location.hash.startsWith('#/')) return;
  $('notice').textContent = '';
  void show();
});
if (session.key()) void signIn(session.key());
