import type { Request, RequestHandler, Response } from 'express';
import { CSRF_FIELD } from '../../security';
import type { AppDeps } from '../app-deps';
import type { ActionLink, LoggedOutDocument, LogoutDocument } from '../contracts';
import { csrfFor } from '../login/login-context';
import { accountUrl, loginUrl, logoutUrl } from '../login-urls';
import { localeOf, realmOf } from '../request-state';
import { sendJson, sendPage, wantsJson } from '../respond';
import { clearSessionCookie, currentSession, recordLogout } from './signed-in';

/**
 * `GET /realms/:realm/logout`: asks for confirmation with a POST form. A GET never signs anyone
 * out: a link or an image on another site could otherwise do it.
 */
export function confirmLogout(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const signOut: ActionLink = { method: 'POST', href: logoutUrl(realm), fields: { [CSRF_FIELD]: csrfFor(res, deps.csrfKey) } };
    const signedIn = (await currentSession(req, res, deps)) !== undefined;
    if (wantsJson(req)) {
      const document: LogoutDocument = { type: 'logout', realm, signedIn, actions: { signOut } };
      return sendJson(res, document);
    }
    sendPage(res, deps.renderer, 'logout-confirm', { signOut, ...(signedIn && { cancel: { method: 'GET', href: accountUrl(realm) } }) }, localeOf(res));
  };
}

/** `POST /realms/:realm/logout`: ends the browser's session in the realm, records LOGOUT and drops the cookie. */
export function logout(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const current = await currentSession(req, res, deps);
    if (current && (await deps.userSessions.revokeByToken(realm, current.token))) {
      await recordLogout(req, res, deps, current.session.userId, { sessionId: current.session.id, from: 'logout' });
    }
    clearSessionCookie(res, deps);
    sendLoggedOut(req, res, deps);
  };
}

/** The `logged-out` page (JSON: `LoggedOutDocument`), with a way to sign in again. */
export function sendLoggedOut(req: Request, res: Response, deps: AppDeps): void {
  const realm = realmOf(res).name;
  const signIn: ActionLink = { method: 'GET', href: loginUrl(realm) };
  if (wantsJson(req)) {
    const document: LoggedOutDocument = { type: 'logged-out', realm, actions: { signIn } };
    return sendJson(res, document);
  }
  sendPage(res, deps.renderer, 'logged-out', { signIn }, localeOf(res));
}
