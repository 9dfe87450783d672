/** Security utilities of the login pages: the server secret and derived keys, CSRF tokens, cookies, random ids. */
export {
  
  
  
  deriveKey,
  loadOrCreateServerSecret,
  type SecretLogger,
} from './server-secret';
export { CSRF_FIELD, CSRF_KEY_PURPOSE, csrfToken, verifyCsrf } from './csrf';
export { BROWSER_KEY_PURPOSE, newBrowserId, signBrowserId, verifyBrowserId } from './browser-id';
export { DEVICE_KEY_PURPOSE, signDeviceId, verifyDeviceId } from './device-id';
export { isRandomId, randomId } from './random-id';
export {
  BROWSER_COOKIE,
  
  browserCookieOptions,
  deviceCookieName,
  deviceCookieOptions,
  
  readCookie,
  secureCookies,
  sessionCookieName,
  sessionCookieOptions,
  
  type CookieSettings,
  type CookieSource,
} from './cookies';
export * from './keyed-hash';
export { open as openSealed, seal } from './sealed-box';
