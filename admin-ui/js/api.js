/**
 * The console's one way to the server: the admin REST API under /admin/api, JSON in and out. The
 * console session's CSRF token goes on every write; versioned writes send `If-Match` with the ETag
 * that was read, so a stale save is refused (409) instead of overwriting someone else's change.
 */

const BASE = '/admin/api';
let csrf = '';
let csrfHeader = 'X-CSRF-Token';

/** A refused call: the API's error document (`code`, `message`, `detail`, `path`, `errors`). */
export class ApiError extends Error {
  constructor(status, doc) {
    super(doc && doc.message ? doc.message : `The server answered ${status}`);
    this.status = status;
    this.code = (doc && doc.code) || `HTTP_${status}`;
    this.detail = doc && doc.detail;
    this.path = doc && doc.path;
    this.errors = (doc && Array.isArray(doc.errors) && doc.errors.length > 0)
      ? doc.errors
      : [{ code: this.code, message: this.message, detail: this.detail, path: this.path }];
  }

  /** Whether someone else saved since this page read the resource. */
  get isConflict() {
    return this.status === 409 && this.code === 'FG_ADMIN_VERSION_CONFLICT';
  }
}

/** The signed-in administrator (`{ user, via, csrfToken }`), or null when nobody is signed in. */
export async function loadSession() {
  const res = await fetch(`${BASE}/session`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401 || res.status === 403) return null;
  const body = await res.json();
  if (!res.ok) throw new ApiError(res.status, body);
  csrf = body.csrfToken || '';
  csrfHeader = body.csrfHeader || csrfHeader;
  return body;
}

/**
 * Calls the API. `options.body` is sent as JSON; `options.etag` as If-Match. Resolves to
 * `{ status, body, etag }`; throws `ApiError` for any refusal.
 */
export async function call(method, path, options = {}) {
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
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch { body = { message: text }; }
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return { status: res.status, body, etag: res.headers.get('ETag') || undefined };
}

/** GET and return the body. */
export async function get(path) {
  return (await call('GET', path)).body;
}

/** A path segment, encoded (execution ids hold slashes). */
export function seg(value) {
  return encodeURIComponent(value);
}

let catalog;
/** The plugin catalog (fetched once: plugins never change while the server runs). */
export async function loadCatalog() {
  catalog = catalog || get('/catalog');
  return catalog;
}
