import type { Request, RequestHandler, Response } from 'express';
import { actionSettings, type StartInput } from '../../engine';
import { FlowgateError, isFlowgateError } from '../../errors';
import type { AppDeps } from '../app-deps';
import { bodyFields, queryParam } from '../middleware/request-input';
import { localeOf, realmOf, stateOf, tabOf } from '../request-state';
import { CHOICE_FIELD, EXECUTION_FIELD, STEP_FIELD } from '../step-document';
import { CSRF_FIELD } from '../../security';
import { requestInfo, requiredField, stepField, userAgentOf } from './login-context';
import { showConsent } from './consent.handlers';
import { answerAfterAction, showResult } from './step-response';
import { runOnTab } from './tab-refusals';

/** Fields of a step form that are the page's, not the plugin's. */
const PAGE_FIELDS = new Set([CSRF_FIELD, STEP_FIELD, EXECUTION_FIELD]);

/**
 * `GET /realms/:realm/login`: starts a sign-in in a new tab of this browser with the client's
 * `client_id`, `redirect_uri` (exactly one of the client's), `login_hint`, `ui_locales` and
 * `kc_action` (a required action to run once signed in; the client gets `kc_action_status` back).
 * Browsers are sent to the first step's URL; JSON clients get the first step at once.
 * An unknown client or redirect URI is an error page, never a redirect.
 */
export function startLogin(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const clientId = queryParam(req, 'client_id');
    const redirectUri = queryParam(req, 'redirect_uri');
    const loginHint = queryParam(req, 'login_hint');
    // Application-initiated action (Keycloak's kc_action): run that required action after sign-in.
    const requestedAction = queryParam(req, 'kc_action');
    await beginSignIn(req, res, deps, {
      ...(clientId !== undefined && { clientId }),
      ...(redirectUri !== undefined && { redirectUri }),
      ...(loginHint !== undefined && { loginHint }),
      ...(requestedAction !== undefined && { requestedAction }),
    });
  };
}

/**
 * The required action recovery leads to: registering a passkey again. Named by its id (as the account
 * page does), so the login pages do not depend on the plugin's folder.
 */
const RECOVERY_ACTION = 'register-passkey';

/**
 * `GET /realms/:realm/login-actions/reset-credentials` ("Lost your passkey?", Keycloak's path):
 * starts a sign-in on the realm's `reset-credentials` binding, where single sign-on may not answer,
 * and asks for `register-passkey` once it succeeded, when the realm enables it. A realm without
 * the binding has no recovery: `FG_NOT_FOUND` (404), as for any page that is not there.
 */
export function startRecovery(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res);
    if (realm.bindings['reset-credentials'] === undefined) throw new FlowgateError('FG_NOT_FOUND', `realm '${realm.name}' binds no reset-credentials flow`);
    const register = actionSettings(realm, RECOVERY_ACTION)?.enabled === true;
    await beginSignIn(req, res, deps, { slot: 'reset-credentials', reauthenticate: true, ...(register && { requestedAction: RECOVERY_ACTION }) });
  };
}

/**
 * `GET /realms/:realm/login-actions/oidc/:uid`: where an application's authorization request
 * (OpenID Connect) sends the browser. Starts a sign-in for it, on the realm's `browser` binding
 * (or the client's override; `registration` for `prompt=create`), with the request's client,
 * redirect URI, `login_hint`, `ui_locales` and `kc_action`; `prompt=login` or an exceeded
 * `max_age` make single sign-on step aside. A request of another browser, or one that expired,
 * is an error page: go back to the app.
 */
export function startAuthorization(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res);
    const pending = await deps.authorizations?.pending(req, res, realm.name, String(req.params['uid']));
    if (!pending) throw new FlowgateError('FG_OIDC_INTERACTION_NOT_FOUND');
    const locale = pending.uiLocales.find((l) => realm.settings.supportedLocales.includes(l));
    if (locale !== undefined) stateOf(res).locale = locale;
    if (pending.consent) return showConsent(req, res, deps, pending.uid, pending.clientId, pending.consent.scopes);
    await beginSignIn(req, res, deps, {
      slot: pending.slot,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      ...(pending.loginHint !== undefined && { loginHint: pending.loginHint }),
      ...(pending.requestedAction !== undefined && { requestedAction: pending.requestedAction }),
      reauthenticate: pending.reauthenticate,
      interaction: pending.uid,
    });
  };
}

/** Starts a sign-in in a new tab of this browser and answers with its first step (or its end). */
async function beginSignIn(req: Request, res: Response, deps: AppDeps, input: Omit<StartInput, 'realm' | 'locale' | 'rootId'>): Promise<void> {
  const userAgent = userAgentOf(req);
  const place = deps.locator?.locate(req.ip);
  const result = await deps.executor.start({
    realm: realmOf(res).name,
    ...input,
    locale: localeOf(res),
    rootId: stateOf(res).browserId,
    ...(userAgent !== undefined && { userAgent }),
    ...(place !== undefined && { place }),
    ...requestInfo(req, res),
  });
  const tab = await deps.authSessions.get(result.authSessionId);
  if (!tab) throw new FlowgateError('FG_AUTH_SESSION_NOT_FOUND', 'vanished right after it was created');
  stateOf(res).tab = tab;
  stateOf(res).locale = tab.locale ?? localeOf(res);
  await answerAfterAction(req, res, deps, result, tab);
}

/**
 * `GET .../login-actions/authenticate?tab_id=`: shows the step the tab is at now. A refresh or the
 * back button lands here and re-renders the CURRENT step, whatever `execution` the URL names; no
 * plugin runs.
 */
export function showStep(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const tab = tabOf(res);
    await runOnTab(req, res, deps, tab, () => deps.executor.current(tab.id), (result) => showResult(req, res, deps, result, tab));
  };
}

/** `POST .../login-actions/authenticate?tab_id=`: the answer to the current step (`step`, `execution`, the form, and `choice` where the page asks first). */
export function submitStep(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const tab = tabOf(res);
    const step = stepField(req);
    const execution = requiredField(req, EXECUTION_FIELD);
    const fields = bodyFields(req);
    const form = Object.fromEntries(Object.entries(fields).filter(([name]) => !PAGE_FIELDS.has(name)));
    // A page that asks first (`choices`) names the way to go on; the engine ignores it on other pages.
    const choice = typeof fields[CHOICE_FIELD] === 'string' ? fields[CHOICE_FIELD] : undefined;
    await runOnTab(
      req,
      res,
      deps,
      tab,
      () => deps.executor.submit(tab.id, { execution, step, form, ...(choice !== undefined && { choice }), ...requestInfo(req, res) }),
      (result) => answerAfterAction(req, res, deps, result, tab),
    );
  };
}

/** `POST .../login-actions/try-another-way?tab_id=`: shows the chooser of the other ways in. */
export function tryAnotherWay(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const tab = tabOf(res);
    const step = stepField(req);
    const execution = requiredField(req, EXECUTION_FIELD);
    await runOnTab(
      req,
      res,
      deps,
      tab,
      () => deps.executor.tryAnotherWay(tab.id, { execution, step, ...requestInfo(req, res) }),
      (result) => answerAfterAction(req, res, deps, result, tab),
    );
  };
}

/** `POST .../login-actions/select?tab_id=`: switches to the chosen way (`choice`). */
export function selectAlternative(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const tab = tabOf(res);
    const step = stepField(req);
    const choice = requiredField(req, CHOICE_FIELD);
    await runOnTab(
      req,
      res,
      deps,
      tab,
      () => deps.executor.select(tab.id, { step, choice, ...requestInfo(req, res) }),
      (result) => answerAfterAction(req, res, deps, result, tab),
    );
  };
}

/**
 * `POST .../login-actions/restart?tab_id=`: starts the tab's sign-in again from the top. A sign-in
 * that already succeeded cannot be reopened, so "start again" then begins a new one with the same
 * client, redirect URI, hint and locale.
 */
export function restartLogin(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const tab = tabOf(res);
    const info = requestInfo(req, res);
    let result;
    try {
      result = await deps.executor.restart(tab.id, info);
    } catch (err) {
      if (!isFlowgateError(err, 'FG_FLOW_FINISHED')) throw err;
      result = await deps.executor.start({
        realm: tab.realm,
        ...(tab.clientId !== undefined && { clientId: tab.clientId }),
        ...(tab.redirectUri !== undefined && { redirectUri: tab.redirectUri }),
        ...(tab.loginHint !== undefined && { loginHint: tab.loginHint }),
        ...(tab.requestedAction !== undefined && { requestedAction: tab.requestedAction }),
        ...(tab.reauthenticate === true && { reauthenticate: true }),
        ...(tab.interaction !== undefined && { interaction: tab.interaction }),
        slot: tab.slot,
        ...(tab.locale !== undefined && { locale: tab.locale }),
        rootId: tab.rootId,
        ...(tab.userAgent !== undefined && { userAgent: tab.userAgent }),
        ...(tab.place !== undefined && { place: tab.place }),
        ...info,
      });
    }
    await answerAfterAction(req, res, deps, result, tab);
  };
}
