import type { Request, Response } from 'express';
import type { AuthSessionState, AuthSessionStore, StepResult } from '../../engine';
import { ERROR_CODES, isFlowgateError } from '../../errors';
import type { ViewMessage } from '../../spi/view';
import type { AppDeps } from '../app-deps';
import { sendError } from '../error-response';
import { HTTP_MESSAGES } from '../page-text';
import { realmOf } from '../request-state';
import { wantsJson } from '../respond';
import { requestInfo } from './login-context';
import { answerAfterAction, continueLink, restartLink, showResult } from './step-response';

/** The notice shown on the first step of a sign-in that was restarted because it took too long. */
const LOGIN_TIMEOUT_NOTICE: ViewMessage = { kind: 'error', text: HTTP_MESSAGES.loginTimeout };
/** The notice on a page that asks first, shown again after a choice it does not offer. */
const CHOICE_NOT_OFFERED_NOTICE: ViewMessage = { kind: 'error', text: HTTP_MESSAGES.choiceNotOffered };

/**
 * Runs an engine call on the browser's tab and answers the refusals people run into by using the
 * browser normally, instead of a bare error:
 * - a stale or replayed form (back button, double click, another tab moved on: `FG_STALE_STEP`, or
 *   `FG_FLOW_FINISHED`) gets the `page-expired` page (409) with "continue" and "start again";
 * - a sign-in older than the realm's login timeout (`FG_AUTH_SESSION_EXPIRED`) starts again by
 *   itself, same client and redirect URI, and says why on its first step;
 * - a choice that is not on offer (`FG_SELECTION_NOT_ALLOWED`) gets the error with "continue";
 * - a choice a page that asks first does not offer (`FG_CHOICE_NOT_OFFERED`, a tampered form)
 *   shows that page again (400) with a message; JSON clients get the coded error. Nothing changed.
 * Anything else goes to the error handler.
 */
export async function runOnTab(req: Request, res: Response, deps: AppDeps, tab: AuthSessionState, call: () => Promise<StepResult>, answer: (result: StepResult) => Promise<void>): Promise<void> {
  let result: StepResult;
  try {
    result = await call();
  } catch (err) {
    const realm = realmOf(res).name;
    if (isFlowgateError(err, 'FG_AUTH_SESSION_EXPIRED')) return restartAfterTimeout(req, res, deps, tab);
    if (isFlowgateError(err, 'FG_STALE_STEP') || isFlowgateError(err, 'FG_FLOW_FINISHED')) {
      return sendError(req, res, deps, { code: err.code, page: 'page-expired', actions: { continue: continueLink(realm, tab), restart: restartLink(res, deps, realm, tab) } });
    }
    if (isFlowgateError(err, 'FG_CHOICE_NOT_OFFERED') && !wantsJson(req)) {
      const current = await deps.executor.current(tab.id);
      return showResult(req, res, deps, current, tab, [CHOICE_NOT_OFFERED_NOTICE], ERROR_CODES.FG_CHOICE_NOT_OFFERED.status);
    }
    if (isFlowgateError(err, 'FG_SELECTION_NOT_ALLOWED') || isFlowgateError(err, 'FG_CHOICE_NOT_OFFERED')) {
      return sendError(req, res, deps, { code: err.code, actions: { continue: continueLink(realm, tab), restart: restartLink(res, deps, realm, tab) } });
    }
    throw err;
  }
  await answer(result);
}

/** Restarts an expired sign-in in its tab (Keycloak's "login timeout" restart) and answers with its first step. */
async function restartAfterTimeout(req: Request, res: Response, deps: AppDeps, tab: AuthSessionState): Promise<void> {
  const result = await deps.executor.restart(tab.id, requestInfo(req, res));
  if (result.type === 'challenge') await keepNotice(deps.authSessions, result.authSessionId, LOGIN_TIMEOUT_NOTICE);
  // The notice is now part of the stored step, so a browser's GET after the redirect shows it; a
  // response rendered right now adds it itself, since `result` was read before it was stored.
  if (req.method === 'GET' || wantsJson(req)) return showResult(req, res, deps, result, tab, [LOGIN_TIMEOUT_NOTICE]);
  return answerAfterAction(req, res, deps, result, tab);
}

/**
 * Adds `notice` to the messages of the challenge the tab is showing, so every rendering of this
 * step shows it until the person moves on. A save that loses a race changes nothing, which only
 * drops the notice.
 */
async function keepNotice(sessions: AuthSessionStore, id: string, notice: ViewMessage): Promise<void> {
  const state = await sessions.get(id);
  if (!state?.currentView || state.result) return;
  state.currentView = { ...state.currentView, messages: [notice, ...(state.currentView.messages ?? [])] };
  await sessions.save(state, state.step);
}
