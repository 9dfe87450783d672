// @ts-check
/**
 * The console's one way to the server: the admin REST API under /admin/api, JSON in and out. The
 * console session's CSRF token goes on every write; versioned writes send `If-Match` with the ETag
 * that was read, so a stale save is refused (409) instead of overwriting someone else's change.
 */

/** @typedef {import('./api-types').AdminError} AdminError */
/** @typedef {import('./api-types').AdminProblem} AdminProblem */
/** @typedef {import('./api-types').Catalog} Catalog */
/** @typedef {import('./api-types').ConsoleSession} ConsoleSession */

/**
 * What a call resolves to: the status, the body (typed by the caller from api-types.d.ts, where it
 * reads it) and the ETag of a versioned resource.
 * @template T
 * @typedef {{ status: number, body: T, etag: string | undefined }} ApiAnswer
 */

/**
 * What a problem of a refusal looks like to the console: the API's, or one made up for an answer
 * that is no `AdminError` (a proxy's page).
 * @typedef {{ code?: string, message?: string, detail?: string, path?: string, file?: string }} Problem
 */

const BASE = '/admin/api';
let csrf = '';
let csrfHeader = 'X-CSRF-Token';

/** A refused call: the API's error document (`code`, `message`, `detail`, `path`, `errors`). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Partial<AdminError> | null} doc
   */
  constructor(status, doc) {
    const d = doc || {};
    super(d.message ? d.message : `The server answered ${status}`);
    this.status = status;
    this.code = d.code || `HTTP_${status}`;
    this.detail = d.detail;
    this.path = d.path;
    /** @type {Problem[]} */
    this.errors = (Array.isArray(d.errors) && d.errors.length > 0)
      ? d.errors
      : [{ code: this.code, message: this.message, detail: this.detail, path: this.path }];
  }

  /** Whether someone else saved since this page read the resource. */
  get isConflict() {
    return this.status === 409 && this.code === 'FG_ADMIN_VERSION_CONFLICT';
  }
}

/**
 * The signed-in administrator (`{ user, via, csrfToken }`), or null when nobody is signed in.
 * @returns {Promise<ConsoleSession | null>}
 */
export async function loadSession() {
  const res = await fetch(`${BASE}/session`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401 || res.status === 403) return null;
  const body = await res.json();
  if (!res.ok) throw new ApiError(res.status, body);
  /** @type {ConsoleSession} */
  const session = body;
  csrf = session.csrfToken || '';
  csrfHeader = session.csrfHeader || csrfHeader;
  return session;
}

/**
 * Calls the API. `options.body` is sent as JSON; `options.etag` as If-Match. Resolves to
 * `{ status, body, etag }`; throws `ApiError` for any refusal. `T`, the body's type, is what the
 * result is declared as where it is read (`@type {ApiAnswer<FlowTree>}`).
 * @template [T=unknown]
 * @param {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} method
 * @param {string} path
 * @param {{ body?: unknown, etag?: string }} [options]
 * @returns {Promise<ApiAnswer<T>>}
 */
export async function call(method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers[csrfHeader] = csrf;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.etag) headers['If-Match'] = options.etag;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  /** @type {any} The body as the API documents it for this call. */
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch { body = { message: text }; }
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return { status: res.status, body, etag: res.headers.get('ETag') || undefined };
}

/**
 * GET and return the body, of the type it is declared as where it is read.
 * @template [T=unknown]
 * @param {string} path
 * @returns {Promise<T>}
 */
export async function get(path) {
  return /** @type {ApiAnswer<T>} */ (await call('GET', path)).body;
}

/**
 * A path segment, encoded (execution ids hold slashes).
 * @param {string} value
 */
export function seg(value) {
  return encodeURIComponent(value);
}

/** @type {Promise<Catalog> | undefined} */
let catalog;
/**
 * The plugin catalog (fetched once: plugins never change while the server runs).
 * @returns {Promise<Catalog>}
 */
export async function loadCatalog() {
  catalog = catalog || get('/catalog');
  return catalog;
}
