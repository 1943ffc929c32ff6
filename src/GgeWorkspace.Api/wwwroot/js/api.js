// HTTP helpers: the bearer token lives in sessionStorage (per tab, gone when the tab closes).

import { randomHex } from './ot.js';

const TOKEN_KEY = 'gge.token';

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  /** The claims of the token (not verified here: the service verifies every request). */
  get claims() {
    const token = this.token;
    if (!token) return null;
    try {
      const part = token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
      const json = new TextDecoder().decode(Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0)));
      return JSON.parse(json);
    } catch {
      return null;
    }
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    // A validation problem names its fields' errors instead of a detail: show those, they say what to correct.
    const fieldErrors = problem?.errors ? Object.values(problem.errors).flat().join(' ') : '';
    super(problem?.detail ?? (fieldErrors || problem?.title) ?? `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API; resolves with { data, etag, status, response } or rejects with ApiError. */
export async function api(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (session.token) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401 && session.token) {
    session.token = null;
    location.hash = '#/signin';
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = response.status === 204 ? null
    : type.includes('json') ? await response.json()
      : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { title: data });
  return { data, etag: response.headers.get('ETag'), status: response.status, response };
}

export const get = (path) => api('GET', path).then((r) => r.data);

const actionKeys = new Map();

/**
 * Calls the API for one user action, named by what it does (`propose:<paragraph>`), with an Idempotency-Key per action
 * rather than per request: a double click or a retry after a failure sends the same key, so the service applies the
 * action once and answers the repeat with the first answer. The key is dropped after success; a changed request (other
 * fields, another path) is a new action with a new key.
 */
export async function act(action, method, path, body, headers = {}) {
  const request = JSON.stringify([method, path, body ?? null]);
  let entry = actionKeys.get(action);
  if (!entry || entry.request !== request) {
    entry = { request, key: randomHex() };
    actionKeys.set(action, entry);
  }
  const result = await api(method, path, body, { ...headers, 'Idempotency-Key': entry.key });
  if (actionKeys.get(action) === entry) actionKeys.delete(action);
  return result;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = null; }
    throw new ApiError(response.status, problem);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : 'export';
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

/** An image (SVG chart) fetched with the token, as an object URL. */
export async function imageUrl(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) throw new ApiError(response.status, null);
  return URL.createObjectURL(await response.blob());
}
