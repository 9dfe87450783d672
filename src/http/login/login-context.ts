import type { Request, RequestHandler, Response } from 'express';
import type { AuthSessionStore, RequestInfo } from '../../engine';
import { FlowgateError } from '../../errors';
import { csrfToken, readCookie, sessionCookieName } from '../../security';
import { bodyField, queryParam } from '../middleware/request-input';
import { realmOf, stateOf } from '../request-state';
import { allowFinishAtClient } from './finish-origin';

/** The query parameter naming the tab (its authentication session's id). */
const TAB_ID_PARAM = 'tab_id';

/**
 * Finds the tab named by `tab_id` and checks it belongs to this browser and realm. Another
 * browser's tab, a made-up id and a missing one all look the same: `FG_AUTH_SESSION_NOT_FOUND`,
 * so a leaked step URL is worthless anywhere but in the browser that started the sign-in.
 */
export function loadTab(sessions: AuthSessionStore): RequestHandler {
  return async (req, res, next) => {
    const state = stateOf(res);
    const id = queryParam(req, TAB_ID_PARAM);
    const tab = id !== undefined && id.length <= 64 ? await sessions.get(id) : undefined;
    if (!tab || state.browserId === undefined || tab.rootId !== state.browserId || tab.realm !== realmOf(res).name) {
      throw new FlowgateError('FG_AUTH_SESSION_NOT_FOUND');
    }
    state.tab = tab;
    // Every page of a sign-in, errors included, is in the locale it started with.
    if (tab.locale !== undefined) state.locale = tab.locale;
    // Any form of this sign-in may end in a 303 straight to the client.
    allowFinishAtClient(req, res, tab);
    next();
  };
}

/** The browser's user-session token for the request's realm (its session cookie), if any. */
export function sessionToken(req: Request, res: Response): string | undefined {
  return readCookie(req, sessionCookieName(realmOf(res).name));
}

/** Longest User-Agent kept (with a session, or with a sign-in for its links' pages). */
const MAX_USER_AGENT = 512;

/** The request's User-Agent, cut to what is kept; `undefined` when it sent none. */
export function userAgentOf(req: Request): string | undefined {
  return req.get('user-agent')?.slice(0, MAX_USER_AGENT) || undefined;
}

/** What the engine passes on to plugins about this request: the address, the SSO cookie, the browser id and the known device. */
export function requestInfo(req: Request, res: Response): RequestInfo {
  const token = sessionToken(req, res);
  const { browserId, knownDevice } = stateOf(res);
  return {
    ...(req.ip !== undefined && { ip: req.ip }),
    ...(token !== undefined && { browserSessionToken: token }),
    ...(browserId !== undefined && { browserId }),
    ...(knownDevice !== undefined && { knownDevice }),
  };
}

/** The CSRF token of this browser, for the forms of the page. */
export function csrfFor(res: Response, key: Buffer): string {
  const browserId = stateOf(res).browserId;
  if (browserId === undefined) throw new FlowgateError('FG_INTERNAL_ERROR', 'a form page was served without a browser id');
  return csrfToken(key, browserId);
}

/** A required body field; a missing one is `FG_INVALID_REQUEST`. */
export function requiredField(req: Request, name: string): string {
  const value = bodyField(req, name);
  if (value === undefined) throw new FlowgateError('FG_INVALID_REQUEST', `field '${name}' is required`);
  return value;
}

/** The `step` field: a non-negative whole number. */
export function stepField(req: Request): number {
  const text = requiredField(req, 'step');
  if (!/^[0-9]{1,9}$/.test(text)) throw new FlowgateError('FG_INVALID_REQUEST', "field 'step' must be a whole number");
  return Number(text);
}
