import type { Request, Response } from 'express';
import type { AuthSessionState, ChallengeResult, FailureResult, StepResult } from '../../engine';
import { isErrorCode } from '../../errors';
import { CSRF_FIELD } from '../../security';
import type { ViewMessage } from '../../spi/view';
import type { AppDeps } from '../app-deps';
import type { ActionLink, DoneDocument } from '../contracts';
import { sendError } from '../error-response';
import { accountUrl, loginActionUrl, stepUrl } from '../login-urls';
import { HTTP_MESSAGES, pageText } from '../page-text';
import { realmOf } from '../request-state';
import { seeOther, sendJson, sendPage, wantsJson } from '../respond';
import { buildStepDocument } from '../step-document';
import { finishLogin } from './finish-login';
import { csrfFor, sessionToken } from './login-context';

/**
 * Answers a request that moved a sign-in (a start or a POST). JSON clients get the resulting
 * document at once. Browsers get a 303: to the client on success, otherwise to the step URL,
 * whose GET shows the step; a refresh then re-renders instead of re-posting (POST/redirect/GET).
 */
export async function answerAfterAction(req: Request, res: Response, deps: AppDeps, result: StepResult, tab: AuthSessionState): Promise<void> {
  if (result.type === 'success') return finishLogin(req, res, deps, result, tab);
  if (wantsJson(req)) return showResult(req, res, deps, result, tab);
  seeOther(res, stepUrl(realmOf(res).name, result.authSessionId, result.type === 'challenge' ? result.execution : undefined));
}

/**
 * Shows where a sign-in stands (GET of a step URL, or JSON after an action): the challenge's page
 * or document, the failure, or, for a sign-in that already succeeded, the way out to the client
 * as long as the browser is still signed in as that person.
 */
export async function showResult(req: Request, res: Response, deps: AppDeps, result: StepResult, tab: AuthSessionState, notices: readonly ViewMessage[] = [], status = 200): Promise<void> {
  if (result.type === 'challenge') return sendChallenge(req, res, deps, result, tab, notices, status);
  if (result.type === 'failure') return sendFailure(req, res, deps, result, tab);
  const realm = realmOf(res).name;
  const token = sessionToken(req, res);
  const session = token === undefined ? undefined : await deps.userSessions.validate(realm, token);
  if (session?.userId !== result.userId) {
    // Signed out (or in as someone else) since: this sign-in is spent; "start again" opens a new one.
    return sendError(req, res, deps, { code: 'FG_FLOW_FINISHED', page: 'page-expired', actions: { restart: restartLink(res, deps, realm, tab) } });
  }
  const target = result.redirectUri ?? accountUrl(realm);
  if (wantsJson(req)) {
    const done: DoneDocument = { type: 'success', realm, redirectTo: target };
    return sendJson(res, done);
  }
  seeOther(res, target);
}

/** The step's page (browsers) or `StepDocument` (JSON), built by the one `buildStepDocument`. */
function sendChallenge(req: Request, res: Response, deps: AppDeps, challenge: ChallengeResult, tab: AuthSessionState, notices: readonly ViewMessage[], status: number): void {
  const realm = realmOf(res);
  const text = pageText(deps.bundles, tab.locale ?? realm.settings.defaultLocale);
  const document = buildStepDocument(challenge, { realm: realm.name, text, csrf: csrfFor(res, deps.csrfKey), extraMessages: notices });
  if (wantsJson(req)) return sendJson(res, document, status);
  sendPage(res, deps.renderer, document.view, document as unknown as Record<string, unknown>, text.locale, status);
}

/** A failed sign-in: `FG_LOGIN_FAILED` (401) with the plugin's message, or the fault's own code. */
function sendFailure(req: Request, res: Response, deps: AppDeps, failure: FailureResult, tab: AuthSessionState): void {
  const realm = realmOf(res).name;
  sendError(req, res, deps, {
    code: isErrorCode(failure.code) ? failure.code : 'FG_LOGIN_FAILED',
    ...(failure.code === undefined && { messageKey: failure.message ?? HTTP_MESSAGES.loginFailed }),
    reason: failure.error,
    actions: { restart: restartLink(res, deps, realm, tab) },
  });
}

/** "Start again": a POST (with the CSRF token) to the tab's restart action. */
export function restartLink(res: Response, deps: AppDeps, realm: string, tab: AuthSessionState): ActionLink {
  return { method: 'POST', href: loginActionUrl(realm, 'restart', tab.id), fields: { [CSRF_FIELD]: csrfFor(res, deps.csrfKey) } };
}

/** "Continue": a GET of the tab's current step. */
export function continueLink(realm: string, tab: AuthSessionState): ActionLink {
  return { method: 'GET', href: stepUrl(realm, tab.id) };
}
