import type { RequestHandler, Response } from 'express';
import { FlowgateError } from '../../errors';
import { BROWSER_COOKIE, CSRF_FIELD, browserCookieOptions, newBrowserId, readCookie, signBrowserId, verifyBrowserId, verifyCsrf } from '../../security';
import { stateOf } from '../request-state';
import { bodyField } from './request-input';

/** What the browser-id middleware and `issueBrowserId` need. */
export interface BrowserIdOptions {
  /** Key browser ids are signed with: `deriveKey(serverSecret, BROWSER_KEY_PURPOSE)`. */
  readonly key: Buffer;
  /** Whether the cookie is `Secure` (`secureCookies(publicUrl)`). */
  readonly secure: boolean;
}

/**
 * Reads the `fg_browser` cookie, the root of this browser's sign-ins and what its CSRF tokens are
 * bound to. A value Flowgate did not sign (malformed, planted, or an unsigned id of an older
 * version) counts as none. `issue` gives a browser without a valid one a fresh id, replacing the
 * bad value (pages that show forms); otherwise the request just goes on without one.
 */
export function browserId(options: BrowserIdOptions & { issue: boolean }): RequestHandler {
  return (req, res, next) => {
    const current = verifyBrowserId(options.key, readCookie(req, BROWSER_COOKIE));
    if (current !== undefined) stateOf(res).browserId = current;
    else if (options.issue) issueBrowserId(res, options);
    next();
  };
}

/** Gives the browser a fresh signed id (cookie and request state) and returns it. */
export function issueBrowserId(res: Response, options: BrowserIdOptions): string {
  const id = newBrowserId();
  stateOf(res).browserId = id;
  res.cookie(BROWSER_COOKIE, signBrowserId(options.key, id), browserCookieOptions(options.secure));
  return id;
}

/**
 * Verifies the CSRF token (`csrf` field, in a form or a JSON body) of a POST against the browser's
 * id. Runs on every POST of the login pages: a missing or wrong token, or one made for another
 * browser, is `FG_CSRF_INVALID` (403) and nothing else happens.
 */
export function verifyCsrfToken(key: Buffer): RequestHandler {
  return (req, res, next) => {
    if (!verifyCsrf(key, stateOf(res).browserId, bodyField(req, CSRF_FIELD))) {
      throw new FlowgateError('FG_CSRF_INVALID');
    }
    next();
  };
}
