import type { Request, RequestHandler, Response } from 'express';
import { FlowgateError } from '../../errors';
import { CSRF_FIELD } from '../../security';
import type { UserSessionRecord } from '../../store/user-session.store';
import type { AppDeps } from '../app-deps';
import type { AccountDocument, ActionLink } from '../contracts';
import { csrfFor } from '../login/login-context';
import { accountActionUrl, accountUrl, loginUrl, logoutUrl } from '../login-urls';
import { bodyField } from '../middleware/request-input';
import { localeOf, realmOf } from '../request-state';
import { seeOther, sendJson, sendPage, wantsJson } from '../respond';
import { accountDevices, DEVICE_FIELD, forgetDevice } from './account-devices';
import { accountPasskeys } from './account-passkeys';
import { changePasskey } from './account-passkeys.handlers';
import { accountProfile } from './account-profile';
import { clearSessionCookie, currentSession, recordLogout } from './signed-in';
import { sendLoggedOut } from './logout.handlers';

/** The form field naming the session to end. */
const SESSION_FIELD = 'session';

/** The event recorded when a person forgets one of their remembered devices. */
export const DEVICE_FORGOTTEN_EVENT = 'DEVICE_FORGOTTEN';

/**
 * `GET /realms/:realm/account`: who is signed in, the profile attributes they may see (with a link
 * to edit them), their active sessions, each with a "sign out" form, "sign out everywhere", and
 * their remembered devices, each with a "forget" form. Not signed in: browsers go to the sign-in page, JSON clients get
 * `FG_NOT_SIGNED_IN` (401).
 */
export function showAccount(deps: AppDeps): RequestHandler {
  return (req, res) => sendAccount(req, res, deps);
}

async function sendAccount(req: Request, res: Response, deps: AppDeps): Promise<void> {
  const realm = realmOf(res).name;
  const current = await currentSession(req, res, deps);
  const user = current && (await deps.users.forRealm(realm).findById(current.session.userId));
  if (!current || !user) return notSignedIn(req, res, realm);
  const { rows, editProfile } = accountProfile(realmOf(res), user, localeOf(res));
  const sessions = await deps.userSessions.listForUser(realm, user.id);
  const csrf = csrfFor(res, deps.csrfKey);
  const devices = await accountDevices(res, deps, user.id, csrf);
  const { passkeys, addPasskey } = await accountPasskeys(res, deps, user.id, csrf);
  const signOut = (s: UserSessionRecord): ActionLink => ({ method: 'POST', href: accountActionUrl(realm, 'revoke'), fields: { [CSRF_FIELD]: csrf, [SESSION_FIELD]: s.id } });
  const signOutEverywhere: ActionLink = { method: 'POST', href: accountActionUrl(realm, 'revoke-all'), fields: { [CSRF_FIELD]: csrf } };
  const entries = sessions.map((s) => ({
    id: s.id,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    ...(s.ip !== undefined && { ip: s.ip }),
    current: s.id === current.session.id,
    signOut: signOut(s),
  }));
  if (wantsJson(req)) {
    const document: AccountDocument = {
      type: 'account',
      realm,
      user: { id: user.id, email: user.email },
      profile: rows.map(({ name, label, type, values }) => ({ name, label, type, values })),
      sessions: entries,
      devices,
      passkeys,
      actions: { signOutEverywhere, logout: { method: 'GET', href: logoutUrl(realm) }, ...(editProfile && { editProfile }), ...(addPasskey && { addPasskey }) },
    };
    return sendJson(res, document);
  }
  const profile = rows.map(({ label, value, valueKey }) => ({ label, ...(value !== undefined && { value }), ...(valueKey !== undefined && { valueKey }) }));
  sendPage(res, deps.renderer, 'account', { user: { email: user.email }, profile, ...(editProfile && { editProfile }), sessions: entries, devices, passkeys, ...(addPasskey && { addPasskey }), signOutEverywhere }, localeOf(res));
}

/**
 * `POST /realms/:realm/account/sessions/revoke` (`session`): ends one of the person's own
 * sessions. An id that is not theirs changes nothing and says nothing about whose it is.
 */
export function revokeSession(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const current = await currentSession(req, res, deps);
    if (!current) return notSignedIn(req, res, realm);
    const id = bodyField(req, SESSION_FIELD);
    if (id === undefined) throw new FlowgateError('FG_INVALID_REQUEST', `field '${SESSION_FIELD}' is required`);
    const target = id.length <= 64 ? await deps.userSessions.get(realm, id) : undefined;
    if (target?.userId === current.session.userId && (await deps.userSessions.revoke(realm, target.id))) {
      await recordLogout(req, res, deps, target.userId, { sessionId: target.id, from: 'account' });
    }
    if (target?.id === current.session.id) return signedOut(req, res, deps);
    if (wantsJson(req)) return sendAccount(req, res, deps);
    seeOther(res, accountUrl(realm));
  };
}

/**
 * `POST /realms/:realm/account/devices/revoke` (`device`): forgets one of the person's remembered
 * devices. An id that is not theirs changes nothing and says nothing about whose it is.
 */
export function revokeDevice(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const current = await currentSession(req, res, deps);
    if (!current) return notSignedIn(req, res, realm);
    const id = bodyField(req, DEVICE_FIELD);
    if (id === undefined) throw new FlowgateError('FG_INVALID_REQUEST', `field '${DEVICE_FIELD}' is required`);
    if (await forgetDevice(res, deps, current.session.userId, id)) {
      await deps.events
        .forContext({ realm, ...(req.ip !== undefined && { ip: req.ip }) })
        .record({ type: DEVICE_FORGOTTEN_EVENT, userId: current.session.userId, details: { from: 'account' } });
    }
    if (wantsJson(req)) return sendAccount(req, res, deps);
    seeOther(res, accountUrl(realm));
  };
}

/** `POST /realms/:realm/account/passkeys/rename` and `.../remove`: see `changePasskey`. */
export function passkeyChange(deps: AppDeps, change: 'rename' | 'remove'): RequestHandler {
  return changePasskey(deps, change, { sendAccount: (req, res) => sendAccount(req, res, deps), notSignedIn });
}

/** `POST /realms/:realm/account/sessions/revoke-all`: ends every session of the person, this one included. */
export function revokeAllSessions(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const current = await currentSession(req, res, deps);
    if (!current) return notSignedIn(req, res, realm);
    const count = await deps.userSessions.revokeAllForUser(realm, current.session.userId);
    await recordLogout(req, res, deps, current.session.userId, { sessions: count, from: 'account', everywhere: true });
    signedOut(req, res, deps);
  };
}

function notSignedIn(req: Request, res: Response, realm: string): void {
  if (wantsJson(req)) throw new FlowgateError('FG_NOT_SIGNED_IN');
  seeOther(res, loginUrl(realm));
}

function signedOut(req: Request, res: Response, deps: AppDeps): void {
  clearSessionCookie(res, deps);
  sendLoggedOut(req, res, deps);
}
