import type { CookieOptions } from 'express';
import { secureCookies, sessionCookieName, sessionCookieOptions } from '../security';
import { ADMIN_REALM } from './admin-realm';

/** Name of the console's session cookie: the admin realm's session cookie, `fg_session_admin`. */
export const ADMIN_SESSION_COOKIE = sessionCookieName(ADMIN_REALM);

/**
 * Options of the console's session cookie: exactly the admin realm's session cookie, whose path is
 * `/` (see `sessionCookiePath`), because the console (`/admin/`) and its API (`/admin/api`) use that
 * session as well as the admin realm's own pages. A sign-in through the admin flow and the bootstrap
 * link therefore set the same cookie.
 */
export function adminSessionCookieOptions(publicUrl: string): CookieOptions {
  return sessionCookieOptions(ADMIN_REALM, secureCookies(publicUrl));
}
