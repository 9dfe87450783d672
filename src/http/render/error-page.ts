import type { ErrorCode } from '../../errors';
import type { ErrorDocument } from '../contracts';
import type { ErrorPageModel } from './page-models';

/**
 * The message key that explains a registry code to the person signing in, in their language. The
 * registry's own messages are English and written for developers; these are the page's words.
 * Codes not listed get `error.generic`.
 */
export const ERROR_MESSAGE_KEYS: Readonly<Partial<Record<ErrorCode, string>>> = Object.freeze({
  FG_STALE_STEP: 'error.pageExpired',
  FG_FLOW_FINISHED: 'error.pageExpired',
  FG_AUTH_SESSION_EXPIRED: 'error.loginTimeout',
  FG_AUTH_SESSION_NOT_FOUND: 'error.loginTimeout',
  FG_RATE_LIMITED: 'error.rateLimited',
  FG_UNKNOWN_REALM: 'error.realmNotFound',
  FG_UNKNOWN_CLIENT: 'error.unknownClient',
  FG_INVALID_REDIRECT_URI: 'error.invalidRedirectUri',
  FG_SELECTION_NOT_ALLOWED: 'error.invalidRequest',
  FG_SIGN_IN_MOVED: 'error.signInMoved',
  FG_APPROVAL_MISMATCH: 'error.approvalMismatch',
  FG_SIGN_IN_REJECTED: 'error.signInRejected',
});

/** The fallback explanation for any code without its own message. */
export const GENERIC_ERROR_MESSAGE_KEY = 'error.generic';

/**
 * The `error` page's model for an `ErrorDocument`. `messageKey` overrides the key chosen from the
 * code: a failed sign-in passes the plugin's message (`error.accessDenied`), the HTTP layer its own
 * (`error.csrf`, `error.notFound`). A rate limit without `retryAfterSeconds` gets the generic text,
 * as its message needs the number.
 */
export function errorPageModel(doc: ErrorDocument, messageKey?: string): ErrorPageModel {
  const byCode = Object.hasOwn(ERROR_MESSAGE_KEYS, doc.code) ? ERROR_MESSAGE_KEYS[doc.code as ErrorCode] : undefined;
  let key = messageKey ?? byCode ?? GENERIC_ERROR_MESSAGE_KEY;
  const params: Record<string, number> = {};
  if (key === 'error.rateLimited') {
    if (doc.retryAfterSeconds === undefined) key = GENERIC_ERROR_MESSAGE_KEY;
    else params.seconds = doc.retryAfterSeconds;
  }
  return {
    messageKey: key,
    messageParams: params,
    message: doc.message,
    code: doc.code,
    requestId: doc.requestId,
    ...(doc.actions && { actions: doc.actions }),
  };
}
