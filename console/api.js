// The key lives in this tab's sessionStorage only: gone when the tab closes or on sign-out, never in a cookie
// (so another site cannot make the browser send it) and never in a URL.
const KEY = 'relay-console-key';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  save: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, detail, errors) {
    super(detail);
    this.status = status;
    this.errors = errors ?? [];
  }
}

/** Calls the console API (`/api/v1/console/…`, relative to this page) with the key as a Bearer header. */
export async function api(path, { method = 'GET', body, key = session.key() } = {}) {
  const headers = { authorization: `Bearer ${key}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`../v1/console/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'The relay did not answer. Is it running?');
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.detail ?? `The relay answered ${res.status}.`, data?.errors);
  return data;
}

/** Query string from the set fields only. */
export function query(params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const text = q.toString();
  return text ? `?${text}` : '';
}
