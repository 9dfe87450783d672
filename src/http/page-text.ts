import { createTranslator, localeChain, type MessageBundles, type MessageParams } from '../i18n';

/** Messages of one locale: lookup, and whether a key exists at all (so a fallback can be used). */
export interface PageText {
  readonly locale: string;
  t(key: string, params?: MessageParams): string;
  has(key: string): boolean;
  /** The message of `key` when the bundles have it, else `fallback` (plain text, e.g. an admin-given name). */
  tOr(key: string, fallback: string, params?: MessageParams): string;
}

/** The messages of `locale` (falling back to English key by key, then to the key itself). */
export function pageText(bundles: MessageBundles, locale: string): PageText {
  const t = createTranslator(bundles, locale);
  const chain = localeChain(locale);
  const has = (key: string): boolean => chain.some((l) => bundles.get(l)?.has(key) === true);
  return { locale, t, has, tOr: (key, fallback, params) => (has(key) ? t(key, params) : fallback) };
}

/**
 * Message keys the HTTP layer itself shows (the renderer's `ERROR_MESSAGE_KEYS` covers the engine's
 * codes). The theme's bundles define them; a missing one falls back to the error registry's
 * message, never to a bare key.
 */
export const HTTP_MESSAGES = {
  /** A sign-in outlived the realm's login timeout and was started again. */
  loginTimeout: 'error.loginTimeout',
  /** A sign-in failed without a message of its own. */
  loginFailed: 'error.loginFailed',
  /** A page that asks first got a choice it does not offer (a tampered form). */
  choiceNotOffered: 'error.choiceNotOffered',
} as const;

/** Message keys of the HTTP layer's own error codes. */
export const HTTP_ERROR_MESSAGE_KEYS: Readonly<Record<string, string>> = {
  FG_CSRF_INVALID: 'error.csrf',
  FG_NOT_FOUND: 'error.notFound',
  FG_INVALID_REQUEST: 'error.invalidRequest',
  FG_BODY_TOO_LARGE: 'error.invalidRequest',
  FG_UNSUPPORTED_MEDIA_TYPE: 'error.invalidRequest',
  FG_LOGIN_FAILED: HTTP_MESSAGES.loginFailed,
  FG_CHOICE_NOT_OFFERED: HTTP_MESSAGES.choiceNotOffered,
  FG_INTERNAL_ERROR: 'error.generic',
  FG_OIDC_INTERACTION_NOT_FOUND: 'error.oidc.interactionNotFound',
};
