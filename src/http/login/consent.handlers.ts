import type { Request, RequestHandler, Response } from 'express';
import { FlowgateError } from '../../errors';
import { CSRF_FIELD } from '../../security';
import type { AppDeps } from '../app-deps';
import type { ActionLink, ConsentDocument } from '../contracts';
import { bodyFields } from '../middleware/request-input';
import type { ConsentPageModel } from '../render/page-models';
import { localeOf, realmOf } from '../request-state';
import { seeOther, sendJson, sendPage, wantsJson } from '../respond';
import { csrfFor } from './login-context';

/** The form field carrying the person's answer. */
const DECISION_FIELD = 'decision';

/** Where a consent answer is posted. */
function consentPath(realm: string, uid: string): string {
  return `/realms/${encodeURIComponent(realm)}/login-actions/oidc/${encodeURIComponent(uid)}/consent`;
}

/**
 * Asks the signed-in person whether the application may have `scopes` (its client requires
 * consent): the `consent` page, or a `ConsentDocument` for JSON clients. Both answers are POSTs.
 */
export function showConsent(req: Request, res: Response, deps: AppDeps, uid: string, clientId: string, scopes: readonly string[]): void {
  const realm = realmOf(res).name;
  const answer = (decision: 'allow' | 'deny'): ActionLink => ({ method: 'POST', href: consentPath(realm, uid), fields: { [CSRF_FIELD]: csrfFor(res, deps.csrfKey), [DECISION_FIELD]: decision } });
  if (wantsJson(req)) {
    const document: ConsentDocument = { type: 'consent', realm, clientId, scopes, actions: { allow: answer('allow'), deny: answer('deny') } };
    return sendJson(res, document);
  }
  const model: ConsentPageModel = { clientId, scopeKeys: scopes.map((s) => `consent.scope.${s}`), allow: answer('allow'), deny: answer('deny') };
  sendPage(res, deps.renderer, 'consent', model as unknown as Record<string, unknown>, localeOf(res));
}

/**
 * `POST /realms/:realm/login-actions/oidc/:uid/consent`: the person's answer (`decision` =
 * `allow` or `deny`). The app gets its code, or `access_denied`. A request of another browser, or
 * one no longer waiting for consent, is an error page.
 */
export function decideConsent(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const decision = bodyFields(req)[DECISION_FIELD];
    if (decision !== 'allow' && decision !== 'deny') throw new FlowgateError('FG_INVALID_REQUEST', `'${DECISION_FIELD}' must be 'allow' or 'deny'`);
    const next = await deps.authorizations?.decideConsent(req, res, realmOf(res).name, String(req.params['uid']), decision === 'allow');
    if (next === undefined) throw new FlowgateError('FG_OIDC_INTERACTION_NOT_FOUND');
    if (wantsJson(req)) return sendJson(res, { type: 'success', realm: realmOf(res).name, redirectTo: next });
    seeOther(res, next);
  };
}
