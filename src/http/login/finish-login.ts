import type { Request, Response } from 'express';
import type { AuthSessionState, SuccessResult } from '../../engine';
import { isFlowgateError } from '../../errors';
import { secureCookies, sessionCookieName, sessionCookieOptions } from '../../security';
import type { AppDeps } from '../app-deps';
import type { DoneDocument } from '../contracts';
import { sendError } from '../error-response';
import { accountUrl } from '../login-urls';
import { realmOf } from '../request-state';
import { seeOther, sendJson, wantsJson } from '../respond';
import { allowFinishAtClient } from './finish-origin';
import type { UserSessionRecord } from '../../store/user-session.store';
import { sessionToken, userAgentOf } from './login-context';
import { rotateBrowserId } from './rotate-browser';
import { rememberDevice } from '../middleware/known-device';

/**
 * The event recorded on every successful sign-in: details `flow`, `sso`, and `amr` (what its steps
 * proved, e.g. `email` for a mail, `hwk` for a passkey) when any step declared one.
 */
export const LOGIN_EVENT = 'LOGIN';

/**
 * A sign-in succeeded: gives the browser a user session (or keeps the one it has, when it is the
 * same person: single sign-on does not pile up sessions), a new browser id and its known-device cookie, records LOGIN, and sends the person to
 * the client's validated redirect URI, else to the account page. JSON clients get a
 * `DoneDocument` and the session cookie.
 */
export async function finishLogin(req: Request, res: Response, deps: AppDeps, result: SuccessResult, tab: AuthSessionState): Promise<void> {
  const realm = realmOf(res).name;
  const presented = sessionToken(req, res);
  const existing = presented === undefined ? undefined : await deps.userSessions.validate(realm, presented);
  // A sign-in that had to prove the person again starts a new session: its time is the new auth_time.
  const reused = existing?.userId === result.userId && tab.reauthenticate !== true;
  const userAgent = userAgentOf(req);
  let session = reused ? existing : undefined;
  if (!reused) {
    // Another person's session in this browser ends: the cookie can name only one.
    if (existing) await deps.userSessions.revokeByToken(realm, presented);
    let token: string;
    try {
      ({ token, session } = await deps.userSessions.create({
        realm,
        userId: result.userId,
        ...(req.ip !== undefined && { ip: req.ip }),
        ...(userAgent && { userAgent }),
        method: tab.flowAlias,
        ...(result.amr !== undefined && { amr: result.amr }),
      }));
    } catch (err) {
      // Disabled or deleted between the flow's last check and now: no session for them.
      if (!isFlowgateError(err, 'FG_USER_NOT_FOUND')) throw err;
      return sendError(req, res, deps, { code: 'FG_LOGIN_FAILED', reason: 'user_disabled' });
    }
    res.cookie(sessionCookieName(realm), token, sessionCookieOptions(realm, secureCookies(deps.config.publicUrl)));
  }
  // The browser signed in as this person: from now on it is one of their known devices (#19 item 2).
  await rememberDevice(req, res, deps, result.userId, userAgent);
  await deps.events
    .forContext({ realm, ...(tab.clientId !== undefined && { clientId: tab.clientId }), ...(req.ip !== undefined && { ip: req.ip }) })
    .record({ type: LOGIN_EVENT, userId: result.userId, details: { flow: tab.flowAlias, sso: reused, ...(result.amr !== undefined && { amr: [...result.amr] }) } });

  const target = result.interaction !== undefined ? await answerApp(req, res, deps, result, session!, !reused) : withActionStatus(result.redirectUri ?? accountUrl(realm), result);
  // At every sign-in, SSO included: a planted id may have arrived after the session began. The
  // last write before the answer: from the moment the browser's tabs move to the new id until the
  // browser holds it (this answer's cookie), its other tabs (a waiting page polling) still send the
  // old one and are told "not found"; every write done after the move would widen that gap.
  await rotateBrowserId(res, deps, { realm, userId: result.userId });
  if (target === undefined) return sendError(req, res, deps, { code: 'FG_OIDC_INTERACTION_NOT_FOUND' });
  if (wantsJson(req)) {
    const done: DoneDocument = {
      type: 'success',
      realm,
      redirectTo: target,
      ...(result.kcActionStatus !== undefined && { kcActionStatus: result.kcActionStatus }),
    };
    sendJson(res, done);
    return;
  }
  allowFinishAtClient(req, res, result);
  seeOther(res, target);
}

/**
 * The sign-in answers an application's authorization request: hands the result to the protocol,
 * which says where the browser goes to collect the app's code (`undefined`: the request expired).
 */
async function answerApp(req: Request, res: Response, deps: AppDeps, result: SuccessResult, session: UserSessionRecord, fresh: boolean): Promise<string | undefined> {
  if (!deps.authorizations) return undefined;
  return deps.authorizations.complete(realmOf(res).name, result.interaction!, {
    userId: result.userId,
    sessionId: session.id,
    authTime: session.createdAt,
    // An SSO answer proves nothing new: the app learns what the session proved.
    amr: result.amr ?? session.amr ?? [],
    fresh,
    ...(result.kcActionStatus !== undefined && { kcActionStatus: result.kcActionStatus }),
  });
}

/**
 * Tells the client how the action it asked for with `kc_action` went (Keycloak's parameters). The
 * client must not take `success` as proof: the person can strip or edit the parameters.
 */
function withActionStatus(target: string, result: SuccessResult): string {
  if (result.requestedAction === undefined || result.kcActionStatus === undefined) return target;
  const url = new URL(target, 'http://relative.invalid');
  url.searchParams.set('kc_action', result.requestedAction);
  url.searchParams.set('kc_action_status', result.kcActionStatus);
  return url.origin === 'http://relative.invalid' ? `${url.pathname}${url.search}` : url.toString();
}
