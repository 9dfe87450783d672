import type { Request, Response } from 'express';
import type { UserSessionRecord } from '../../store/user-session.store';
import { secureCookies, sessionCookieName, sessionCookieOptions } from '../../security';
import type { AppDeps } from '../app-deps';
import { sessionToken } from '../login/login-context';
import { realmOf } from '../request-state';

/** The event recorded whenever a session is ended by its person. */
const LOGOUT_EVENT = 'LOGOUT';

/** The browser's valid session in the request's realm, with its token, if it has one. */
export async function currentSession(req: Request, res: Response, deps: AppDeps): Promise<{ session: UserSessionRecord; token: string } | undefined> {
  const token = sessionToken(req, res);
  if (token === undefined) return undefined;
  const session = await deps.userSessions.validate(realmOf(res).name, token);
  return session ? { session, token } : undefined;
}

/** Removes the realm's session cookie from the browser. */
export function clearSessionCookie(res: Response, deps: AppDeps): void {
  const realm = realmOf(res).name;
  res.clearCookie(sessionCookieName(realm), sessionCookieOptions(realm, secureCookies(deps.config.publicUrl)));
}

/** Records LOGOUT for `userId` with what was ended. */
export async function recordLogout(req: Request, res: Response, deps: AppDeps, userId: string, details: Record<string, unknown>): Promise<void> {
  await deps.events
    .forContext({ realm: realmOf(res).name, ...(req.ip !== undefined && { ip: req.ip }) })
    .record({ type: LOGOUT_EVENT, userId, details });
}
