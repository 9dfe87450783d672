import type { Request, Response } from 'express';
import { ERROR_CODES, type ErrorCode } from '../errors';
import { negotiateLocale, type MessageBundles, type MessageParams } from '../i18n';
import type { ActionLink, ErrorDocument, PageRenderer } from './contracts';
import type { ErrorPageModel } from './render/page-models';
import { HTTP_ERROR_MESSAGE_KEYS, pageText } from './page-text';
import { ERROR_MESSAGE_KEYS, errorPageModel } from './render/error-page';
import { stateOf } from './request-state';
import { sendJson, sendPage, wantsJson } from './respond';

/** What an error response says. Everything but `code` is optional. */
export interface ErrorFacts {
  readonly code: ErrorCode;
  /** Default: the code's registry status. */
  readonly status?: number;
  /** Message key of the explanation; default: the code's own key, else the registry's message. */
  readonly messageKey?: string;
  readonly messageParams?: MessageParams;
  /** Snake-case reason of a failed sign-in. */
  readonly reason?: string;
  /** For rate limits; also sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
  readonly actions?: { readonly restart?: ActionLink; readonly continue?: ActionLink };
  /** The page browsers get: `error` (default) or `page-expired`. */
  readonly page?: 'error' | 'page-expired';
}

/** What rendering an error needs. */
export interface ErrorRendering {
  readonly renderer: PageRenderer;
  readonly bundles: MessageBundles;
}

/**
 * Answers with an error: an `ErrorDocument` for JSON clients, the `error` (or `page-expired`) page
 * for browsers, both with the same code, text and links. The text is the registry's message only
 * for codes it may be shown for; internal errors say only that something went wrong.
 */
export function sendError(req: Request, res: Response, deps: ErrorRendering, facts: ErrorFacts): void {
  const spec = ERROR_CODES[facts.code];
  const status = facts.status ?? spec.status;
  const locale = errorLocale(req, res, deps.bundles);
  const text = pageText(deps.bundles, locale);
  const key = [facts.messageKey, HTTP_ERROR_MESSAGE_KEYS[facts.code], ERROR_MESSAGE_KEYS[facts.code]].find((k): k is string => k !== undefined && text.has(k));
  const params = { ...(facts.retryAfterSeconds !== undefined && { seconds: facts.retryAfterSeconds }), ...facts.messageParams };
  const fallback = spec.expose ? spec.message : ERROR_CODES.FG_INTERNAL_ERROR.message;
  const document: ErrorDocument = {
    type: 'error',
    code: facts.code,
    message: key !== undefined ? text.t(key, params) : fallback,
    ...(facts.reason !== undefined && { reason: facts.reason }),
    ...(facts.retryAfterSeconds !== undefined && { retryAfterSeconds: facts.retryAfterSeconds }),
    ...(facts.actions && { actions: facts.actions }),
    requestId: stateOf(res).requestId,
  };

  res.setHeader('Cache-Control', 'no-store');
  if (facts.retryAfterSeconds !== undefined && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', String(facts.retryAfterSeconds));
  if (wantsJson(req)) return sendJson(res, document, status);
  if (facts.page === 'page-expired') return sendPage(res, deps.renderer, 'page-expired', { actions: facts.actions ?? {} }, locale, status);
  // Without a key of its own the page shows the document's text: the registry's, or the generic one.
  const model = key !== undefined ? { ...errorPageModel(document, key), messageParams: params } : withoutKey(document);
  sendPage(res, deps.renderer, 'error', model as unknown as Record<string, unknown>, locale, status);
}

function withoutKey(document: ErrorDocument): ErrorPageModel {
  return { message: document.message, code: document.code, requestId: document.requestId, ...(document.actions && { actions: document.actions }) };
}

/** The locale of an error page: the page's own once known, else the browser's among what exists. */
function errorLocale(req: Request, res: Response, bundles: MessageBundles): string {
  const state = stateOf(res);
  if (state.locale !== undefined) return state.locale;
  const acceptLanguage = req.get('accept-language');
  return negotiateLocale({
    ...(acceptLanguage !== undefined && { acceptLanguage }),
    supported: state.realm?.settings.supportedLocales ?? [...bundles.keys()],
    fallback: state.realm?.settings.defaultLocale ?? 'en',
  });
}
