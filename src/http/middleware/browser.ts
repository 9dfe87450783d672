import type { RequestHandler } from 'express';
import { FlowgateError } from '../../errors';
import { BROWSER_COOKIE, CSRF_FIELD, browserCookieOptions, isRandomId, randomId, readCookie, verifyCsrf } from '../../security';
import { stateOf } from '../request-state';
import { bodyField } from './request-input';

/**
 * Bytes of a browser id. 16 (128 bits, unguessable) because the id also becomes the root id of
 * the browser's authentication sessions, and the engine only reuses root ids of that shape.
 */
const BROWSER_ID_BYTES = 16;

/**
 * Reads the `fg_browser` cookie, the root of this browser's sign-ins and what its CSRF tokens are
 * bound to. A malformed value counts as none. `issue` gives a browser without one a fresh id (pages
 * that show forms); otherwise the request just goes on without one.
 */
export function browserId(options: { issue: boolean; secure: boolean }): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    const current = readCookie(req, BROWSER_COOKIE);
    if (isRandomId(current, BROWSER_ID_BYTES)) {
      state.browserId = current;
    } else if (options.issue) {
      state.browserId = randomId(BROWSER_ID_BYTES);
      res.cookie(BROWSER_COOKIE, state.browserId, browserCookieOptions(options.secure));
    }
    next();
  };
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
