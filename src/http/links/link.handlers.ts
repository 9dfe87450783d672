import type { Request, RequestHandler, Response } from 'express';
import { approvedOutOfBand, LINK_KEY_PARAM, type ConfirmLinkInput } from '../../engine';
import { ERROR_CODES, FlowgateError, isErrorCode, isFlowgateError, type ErrorCode } from '../../errors';
import type { AppDeps } from '../app-deps';
import { sendError } from '../error-response';
import { allowFinishAtClient } from '../login/finish-origin';
import { csrfFor, requestInfo, requiredField } from '../login/login-context';
import { answerAfterAction } from '../login/step-response';
import { runOnTab } from '../login/tab-refusals';
import { bodyField, queryParam } from '../middleware/request-input';
import { pageText } from '../page-text';
import { localeOf, realmOf, stateOf, tabOf } from '../request-state';
import { sendJson, sendPage, wantsJson } from '../respond';
import type { LinkDonePageModel, LinkInvalidPageModel, LinkRejectedPageModel } from '../render/page-models';
import { LINK_NUMBER_FIELD, linkConfirmModel } from './link-page';

/** Why a link is refused, as the `link-invalid` page's message keys. */
export const LINK_ERROR_MESSAGE_KEYS: Readonly<Partial<Record<ErrorCode, string>>> = {
  FG_LINK_NOT_FOUND: 'error.linkNotFound',
  FG_LINK_EXPIRED: 'error.linkExpired',
  FG_LINK_USED: 'error.linkUsed',
  FG_LINK_SIGN_IN_OVER: 'error.linkSignInOver',
};

const LINK_CODES = new Set(Object.keys(LINK_ERROR_MESSAGE_KEYS));

/** What the link's page says after a wrong number: the sign-in it was for is over. */
const LINK_MISMATCH_MESSAGE = 'page.linkConfirm.mismatch';

/**
 * `GET` (and `HEAD`) `/realms/:realm/login-actions/link?key=`: the confirmation page of a link from
 * an email, with a "Continue" button that POSTs the key with this browser's CSRF token (in another
 * browser: where the sign-in started, "This wasn't me", and the numbers to pick from instead of
 * "Continue" when it would approve the waiting tab; see `linkConfirmModel`). Changes nothing: mail
 * scanners and link previews follow links, and must not use them up.
 */
export function showLink(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const key = queryParam(req, LINK_KEY_PARAM) ?? '';
    const browserId = stateOf(res).browserId;
    let preview;
    try {
      preview = await deps.executor.inspectLink(realm, key, { ...(browserId !== undefined && { browserId }) });
    } catch (err) {
      return refuseLink(req, res, deps, err);
    }
    // The page speaks the language of the sign-in, which its mail was written in, not the browser's.
    if (preview.locale !== undefined) stateOf(res).locale = preview.locale;
    allowFinishAtClient(req, res, preview);
    const text = pageText(deps.bundles, localeOf(res));
    const model = linkConfirmModel(preview, key, csrfFor(res, deps.csrfKey), text);
    if (wantsJson(req)) return sendJson(res, { type: 'link', realm, ...model });
    sendPage(res, deps.renderer, 'link-confirm', model as unknown as Record<string, unknown>, text.locale);
  };
}

/**
 * `POST /realms/:realm/login-actions/link` (`key`, `csrf`): confirms the link. In the browser that
 * is signing in, the sign-in goes on as after any step (a 303 to the next step, or to the client).
 * In another browser the person is told to return to their other tab, which moves on by itself;
 * or, when the plugin moves the sign-in here (magic link `sign-in-here`), this browser goes on as
 * if it had been signing in all along (its new tab's next step, or the client). A refused link
 * (unknown, used, expired, its sign-in over, or refused by its plugin) gets the `link-invalid` page.
 */
export function confirmLink(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const key = requiredField(req, LINK_KEY_PARAM);
    const choice = bodyField(req, LINK_NUMBER_FIELD);
    let result;
    try {
      result = await deps.executor.confirmLink(realm, key, { ...linkInput(req, res), ...(choice !== undefined && { choice }) });
    } catch (err) {
      return refuseLink(req, res, deps, err);
    }
    if (result.type === 'denied') return sendLinkInvalid(req, res, deps, 'FG_LINK_NOT_FOUND', result.message, 400);
    if (result.type === 'failure' && result.code === 'FG_APPROVAL_MISMATCH') {
      return sendLinkInvalid(req, res, deps, result.code, LINK_MISMATCH_MESSAGE, ERROR_CODES[result.code].status);
    }
    if (result.type === 'approved-elsewhere') {
      const model: LinkDonePageModel = {};
      if (wantsJson(req)) return sendJson(res, { type: 'link-done', realm });
      return sendPage(res, deps.renderer, 'link-done', model as unknown as Record<string, unknown>, localeOf(res));
    }
    const tab = await deps.authSessions.get(result.authSessionId);
    if (!tab) throw new FlowgateError('FG_AUTH_SESSION_NOT_FOUND', 'vanished while its link was confirmed');
    if (tab.rootId !== stateOf(res).browserId) {
      // Only a failure (the plugin broke) comes back for another browser; its tab is not this
      // browser's to show. (A sign-in moved here is this browser's: a new tab of it.)
      return sendError(req, res, deps, { code: result.type !== 'failure' ? 'FG_INTERNAL_ERROR' : isErrorCode(result.code) ? result.code : 'FG_LOGIN_FAILED' });
    }
    stateOf(res).tab = tab;
    if (tab.locale !== undefined) stateOf(res).locale = tab.locale;
    allowFinishAtClient(req, res, tab);
    await answerAfterAction(req, res, deps, result, tab);
  };
}

/**
 * `POST /realms/:realm/login-actions/reject-link` (`key`, `csrf`): "This wasn't me". Uses the link
 * up and ends the sign-in it was for, whose waiting tab then says so; answers `link-rejected`.
 * Refused like a confirmation (used, expired, sign-in over).
 */
export function rejectLink(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const realm = realmOf(res).name;
    const key = requiredField(req, LINK_KEY_PARAM);
    try {
      await deps.executor.rejectLink(realm, key, linkInput(req, res));
    } catch (err) {
      return refuseLink(req, res, deps, err);
    }
    if (wantsJson(req)) return sendJson(res, { type: 'link-rejected', realm });
    const model: LinkRejectedPageModel = {};
    sendPage(res, deps.renderer, 'link-rejected', model as unknown as Record<string, unknown>, localeOf(res));
  };
}

/** What the engine is told about a link's POST: the request, and this browser's id. */
function linkInput(req: Request, res: Response): ConfirmLinkInput {
  const browserId = stateOf(res).browserId;
  return { ...requestInfo(req, res), ...(browserId !== undefined && { browserId }) };
}

/**
 * Before a step is shown: when a link opened in another browser approved the step the tab shows,
 * the sign-in goes on now (a 303 to the next step, or the finished sign-in to the client), so the
 * waiting page's reload or "continue" moves on. Otherwise the step is shown as usual.
 */
export function continueApprovedStep(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    const tab = tabOf(res);
    if (tab.result || !approvedOutOfBand(tab)) return next();
    await runOnTab(req, res, deps, tab, () => deps.executor.current(tab.id, requestInfo(req, res)), (result) => answerAfterAction(req, res, deps, result, tab));
  };
}

function refuseLink(req: Request, res: Response, deps: AppDeps, err: unknown): void {
  if (!isFlowgateError(err) || !LINK_CODES.has(err.code)) throw err;
  sendLinkInvalid(req, res, deps, err.code, LINK_ERROR_MESSAGE_KEYS[err.code]!, ERROR_CODES[err.code].status);
}

/**
 * The `link-invalid` page (JSON clients: the `ErrorDocument`). Status 400 for a key that is not a
 * link (or that its plugin refused), 410 Gone for one that was a link and no longer works (used,
 * expired, its sign-in over): the key is burned either way; 410 tells a client not to retry.
 */
function sendLinkInvalid(req: Request, res: Response, deps: AppDeps, code: ErrorCode, messageKey: string, status: number): void {
  if (wantsJson(req)) return sendError(req, res, deps, { code, messageKey, status });
  const text = pageText(deps.bundles, localeOf(res));
  const model: LinkInvalidPageModel = { code, message: text.t(messageKey) };
  res.setHeader('Cache-Control', 'no-store');
  sendPage(res, deps.renderer, 'link-invalid', model as unknown as Record<string, unknown>, text.locale, status);
}
