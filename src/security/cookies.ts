import type { CookieOptions } from 'express';
import { FlowgateError } from '../errors';

/**
 * The login pages' cookies, read and described without a cookie library: the server reads only
 * its own few cookies, whose values are base64url (the browser and device ids: two, joined by a dot), so strict parsing is a dozen lines.
 */

/**
 * The browser's random id, signed by the server (`signBrowserId()`): the root of its
 * authentication sessions and what CSRF tokens are bound to. Long-lived, HttpOnly, SameSite=Lax,
 * path `/`; replaced at every sign-in.
 */
export const BROWSER_COOKIE = 'fg_browser';

/** How long the browser cookie lives: a year (browsers cap cookie lifetimes at 400 days anyway). */
const BROWSER_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Realm names as the realm schema allows them; anything else has no business in a cookie name or path. */
const REALM_NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * Name of the cookie holding the user-session token of `realm`: `fg_session_<realm>`. One per realm,
 * so signing in to one realm neither reveals nor replaces the session of another.
 */
export function sessionCookieName(realm: string): string {
  return `fg_session_${checkRealm(realm)}`;
}

/**
 * Realm whose session also signs in the admin console (`/admin/`, `/admin/api`): its cookie must
 * reach those paths too. Kept here (not imported from src/admin) so security depends on nothing.
 */
const CONSOLE_REALM = 'admin';

/**
 * Path of the session cookie of `realm`: `/realms/<realm>`, so it is sent to that realm's pages
 * only; `/` for the admin realm, whose session is also the admin console's.
 */
function sessionCookiePath(realm: string): string {
  return realm === CONSOLE_REALM ? '/' : `/realms/${checkRealm(realm)}`;
}

/** Whether cookies must be `Secure`: whenever people reach the server over https. */
export function secureCookies(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === 'https:';
}

/** What `cookieOptions` builds from. */
export interface CookieSettings {
  /** Send the cookie over https only. Pass `secureCookies(publicUrl)`. */
  readonly secure: boolean;
  /** The cookie's path; it must start with `/`. */
  readonly path: string;
  /**
   * Lifetime in whole seconds; omit it for a browser-session cookie (gone when the browser
   * closes). `0` deletes the cookie.
   */
  readonly maxAgeSeconds?: number;
  /** Hide the cookie from scripts. Default `true`; nothing on the login pages needs to read one. */
  readonly httpOnly?: boolean;
  /**
   * Default `lax`: sent on top-level navigations from other sites (a magic link opened from a mail
   * client, a redirect from an application) but not on their cross-site POSTs or subrequests.
   * `none` requires `secure`.
   */
  readonly sameSite?: 'lax' | 'strict' | 'none';
}

/** Options for express's `res.cookie` (and, without `maxAgeSeconds`, for `res.clearCookie`). */
export function cookieOptions(settings: CookieSettings): CookieOptions {
  const { secure, path, maxAgeSeconds, httpOnly = true, sameSite = 'lax' } = settings;
  if (typeof path !== 'string' || !/^\/[\x21-\x3a\x3c-\x7e]*$/.test(path)) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `a cookie path must start with / and hold no ';', space or control character`);
  }
  if (sameSite === 'none' && !secure) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', 'SameSite=None cookies must be Secure; browsers drop them otherwise');
  }
  const options: CookieOptions = { httpOnly, secure, sameSite, path };
  if (maxAgeSeconds !== undefined) {
    if (!Number.isSafeInteger(maxAgeSeconds) || maxAgeSeconds < 0) {
      throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', 'maxAgeSeconds must be a whole number of seconds, 0 or more');
    }
    options.maxAge = maxAgeSeconds * 1000; // express takes milliseconds
  }
  return options;
}

/** Options of the `fg_browser` cookie. */
export function browserCookieOptions(secure: boolean): CookieOptions {
  return cookieOptions({ secure, path: '/', maxAgeSeconds: BROWSER_COOKIE_MAX_AGE_SECONDS });
}

/**
 * Options of the session cookie of `realm`: no max-age, so it is a browser-session cookie; how
 * long the session is valid is the server-side record's business, not the cookie's.
 */
export function sessionCookieOptions(realm: string, secure: boolean): CookieOptions {
  return cookieOptions({ secure, path: sessionCookiePath(realm) });
}

/**
 * Name of the known-device cookie of `realm`: `fg_device_<realm>` (#19 item 2). One per realm,
 * like the session cookie; it names a device record bound to one user of that realm.
 */
export function deviceCookieName(realm: string): string {
  return `fg_device_${checkRealm(realm)}`;
}

/**
 * Options of the known-device cookie of `realm`: long-lived (`maxAgeSeconds`, renewed at every
 * sign-in), sent only to that realm's pages (`/realms/<realm>`), where sign-ins run.
 */
export function deviceCookieOptions(realm: string, secure: boolean, maxAgeSeconds: number): CookieOptions {
  return cookieOptions({ secure, path: `/realms/${checkRealm(realm)}`, maxAgeSeconds });
}

/** The part of a request `readCookie` needs: node's and express's requests both fit. */
export interface CookieSource {
  readonly headers: { readonly cookie?: string | readonly string[] };
}

/**
 * The value of cookie `name` in the request's `Cookie` header, or `undefined` when it is absent,
 * empty or malformed. When the browser sends the name twice, the first wins: browsers list cookies with
 * the longest path first, which is the one set for the most specific place.
 */
export function readCookie(req: CookieSource, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const pair of (typeof header === 'string' ? header : header.join('; ')).split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    return decodeValue(pair.slice(eq + 1).trim());
  }
  return undefined;
}

/** A cookie value as RFC 6265 allows it (optionally quoted), percent-decoded as express encodes it. */
function decodeValue(raw: string): string | undefined {
  const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/.test(value)) return undefined;
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function checkRealm(realm: string): string {
  if (typeof realm !== 'string' || !REALM_NAME.test(realm)) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `not a realm name: ${JSON.stringify(realm)}`);
  }
  return realm;
}
