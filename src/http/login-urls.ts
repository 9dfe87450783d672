import { linkPath } from '../engine';

/**
 * The login pages' URLs, built in one place. Paths only (same origin); tab ids and execution ids
 * are percent-encoded. A tab id in a URL is the authentication session's id.
 */

const enc = encodeURIComponent;

/** `/realms/<realm>` */
function realmPath(realm: string): string {
  return `/realms/${enc(realm)}`;
}

/**
 * Where a sign-in starts, with the client's parameters when there are any. `kcAction` asks for a
 * required action once signed in; without a client, the sign-in then returns to the account page.
 */
export function loginUrl(realm: string, params: { clientId?: string; redirectUri?: string; loginHint?: string; uiLocales?: string; kcAction?: string } = {}): string {
  const query = new URLSearchParams();
  if (params.clientId !== undefined) query.set('client_id', params.clientId);
  if (params.redirectUri !== undefined) query.set('redirect_uri', params.redirectUri);
  if (params.loginHint !== undefined) query.set('login_hint', params.loginHint);
  if (params.uiLocales !== undefined) query.set('ui_locales', params.uiLocales);
  if (params.kcAction !== undefined) query.set('kc_action', params.kcAction);
  const text = query.toString();
  return `${realmPath(realm)}/login${text ? `?${text}` : ''}`;
}

/** A step of a tab's sign-in: GET shows it, POST answers it. */
export function stepUrl(realm: string, tabId: string, execution?: string): string {
  return `${realmPath(realm)}/login-actions/authenticate?tab_id=${enc(tabId)}${execution === undefined ? '' : `&execution=${enc(execution)}`}`;
}

/** The login actions other than answering: `try-another-way`, `select`, `restart`. */
export function loginActionUrl(realm: string, action: 'try-another-way' | 'select' | 'restart', tabId: string): string {
  return `${realmPath(realm)}/login-actions/${action}?tab_id=${enc(tabId)}`;
}

/**
 * Where a link's confirmation page posts: the link endpoint, with the page's locale as
 * `ui_locales`, so that the answer (done, refused, or the link used up meanwhile) is in the
 * language of the page that asked, which may not be the browser's.
 */
export function linkConfirmUrl(realm: string, locale: string): string {
  return `${linkPath(realm)}?ui_locales=${enc(locale)}`;
}

/** Where "This wasn't me" on a link's page posts (same fields as `linkConfirmUrl`'s forms, same language). */
export function linkRejectUrl(realm: string, locale: string): string {
  return `${realmPath(realm)}/login-actions/reject-link?ui_locales=${enc(locale)}`;
}

/**
 * The tab's status (JSON): whether the step rendered as `step` is still the one showing. Waiting
 * pages poll it, so a link confirmed on another device moves them on.
 */
export function statusUrl(realm: string, tabId: string, step: number): string {
  return `${realmPath(realm)}/login-actions/status?tab_id=${enc(tabId)}&step=${step}`;
}

/** The account page. */
export function accountUrl(realm: string): string {
  return `${realmPath(realm)}/account`;
}

/** Signing out one session (`session` field) or every session of the person. */
export function accountActionUrl(realm: string, action: 'revoke' | 'revoke-all'): string {
  return `${realmPath(realm)}/account/sessions/${action}`;
}

/** Where the account page's "forget this device" forms post. */
export function accountDeviceRevokeUrl(realm: string): string {
  return `${realmPath(realm)}/account/devices/revoke`;
}

/** Where the account page renames or removes one of the person's passkeys (POST). */
export function accountPasskeyUrl(realm: string, action: 'rename' | 'remove'): string {
  return `${realmPath(realm)}/account/passkeys/${action}`;
}

/** The sign-out confirmation (GET) and sign-out (POST). */
export function logoutUrl(realm: string): string {
  return `${realmPath(realm)}/logout`;
}
