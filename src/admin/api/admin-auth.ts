import type { Request, RequestHandler, Response } from 'express';
import { FlowgateError } from '../../errors';
import { csrfToken, readCookie, sessionCookieName, verifyCsrf } from '../../security';
import type { UserStore } from '../../store';
import type { AdminTokenStore } from '../../store/admin-token.store';
import type { UserSessionStore } from '../../store/user-session.store';
import { ADMIN_REALM, isAdmin } from '../admin-realm';
import { principalOf, setPrincipal, type AdminPrincipal } from './principal';

/** The header a console (cookie) session sends its CSRF token in. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that change nothing and so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What authentication reads. */
export interface AdminAuthDeps {
  readonly users: UserStore;
  readonly userSessions: UserSessionStore;
  readonly apiTokens: AdminTokenStore;
}

/**
 * Who is calling: an API token (`Authorization: Bearer fgat_…`) or the console's session cookie
 * (`fg_session_admin`). Either way the user must still exist in realm `admin`, be enabled and have
 * role `admin`, checked on every call, so taking the role away or disabling the account stops
 * their sessions and tokens at once. No credential, or a bad one: 401 `FG_ADMIN_UNAUTHENTICATED`;
 * signed in but not an admin: 403 `FG_ADMIN_FORBIDDEN`. A request that sends an Authorization
 * header is judged by it alone, never by a cookie beside it.
 */
export function authenticateAdmin(deps: AdminAuthDeps): RequestHandler {
  const users = deps.users.forRealm(ADMIN_REALM);
  return async (req, res, next) => {
    const authorization = req.get('authorization');
    let found: { userId: string; via: 'session' | 'token'; tokenId?: string; sessionId?: string } | undefined;
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
      const token = match ? await deps.apiTokens.authenticate(match[1]) : undefined;
      if (!token) throw new FlowgateError('FG_ADMIN_UNAUTHENTICATED', 'the API token is malformed, unknown or revoked');
      found = { userId: token.userId, via: 'token', tokenId: token.tokenId };
    } else {
      const session = await deps.userSessions.validate(ADMIN_REALM, readCookie(req, sessionCookieName(ADMIN_REALM)));
      if (!session) throw new FlowgateError('FG_ADMIN_UNAUTHENTICATED');
      found = { userId: session.userId, via: 'session', sessionId: session.id };
    }
    const user = await users.findById(found.userId);
    if (!user?.enabled) throw new FlowgateError('FG_ADMIN_UNAUTHENTICATED', 'the account is disabled or gone');
    if (!isAdmin(user)) throw new FlowgateError('FG_ADMIN_FORBIDDEN');
    setPrincipal(res, { ...found, email: user.email });
    next();
  };
}

/**
 * CSRF for console sessions: every request that may change something carries `X-CSRF-Token`,
 * the token `GET /admin/api/session` hands out (an HMAC of the session id, so it dies with the
 * session and another session's token does not verify). A cross-site page can make the browser
 * send the cookie but cannot read the token. Token callers need none: browsers never attach an
 * Authorization header by themselves.
 */
export function verifyAdminCsrf(csrfKey: Buffer): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res);
    if (principal.via === 'session' && !SAFE_METHODS.has(req.method)) {
      if (!verifyCsrf(csrfKey, csrfSubject(principal), req.get(CSRF_HEADER))) throw new FlowgateError('FG_ADMIN_CSRF_INVALID');
    }
    next();
  };
}

/** The CSRF token of a console session (undefined for token callers, who need none). */
export function adminCsrfToken(csrfKey: Buffer, res: Response): string | undefined {
  const principal = principalOf(res);
  return principal.via === 'session' ? csrfToken(csrfKey, csrfSubject(principal)) : undefined;
}

/** What a console CSRF token is bound to: the session, in a namespace no browser id can enter (ids have no `:`). */
function csrfSubject(principal: AdminPrincipal): string {
  return `admin-session:${principal.sessionId ?? ''}`;
}

/** The console session's cookie value, for signing out. */
export function adminSessionToken(req: Request): string | undefined {
  return readCookie(req, sessionCookieName(ADMIN_REALM));
}
