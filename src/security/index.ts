/** Security utilities of the login pages: the server secret and derived keys, CSRF tokens, cookies, random ids. */
export {
  DERIVED_KEY_BYTES,
  SERVER_SECRET_BYTES,
  SERVER_SECRET_FILE,
  deriveKey,
  loadOrCreateServerSecret,
  type SecretLogger,
} from './server-secret';
export { CSRF_FIELD, CSRF_KEY_PURPOSE, csrfToken, verifyCsrf } from './csrf';
export { MAX_RANDOM_ID_BYTES, MIN_RANDOM_ID_BYTES, isRandomId, randomId } from './random-id';
export {
  BROWSER_COOKIE,
  BROWSER_COOKIE_MAX_AGE_SECONDS,
  browserCookieOptions,
  cookieOptions,
  readCookie,
  secureCookies,
  sessionCookieName,
  sessionCookieOptions,
  sessionCookiePath,
  type CookieSettings,
  type CookieSource,
} from './cookies';
export * from './keyed-hash';
