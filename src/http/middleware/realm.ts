import type { RequestHandler } from 'express';
import type { RealmSource } from '../../engine';
import { FlowgateError } from '../../errors';
import { negotiateLocale } from '../../i18n';
import { stateOf } from '../request-state';
import { queryParam } from './request-input';

// The realm schema's rule; anything else cannot name a realm, so it is not looked up.
const REALM_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Finds the realm named by `:realm`; a realm that does not exist is a 404 page. */
export function loadRealm(realms: RealmSource): RequestHandler {
  return async (req, res, next) => {
    const name = req.params['realm'];
    const realm = typeof name === 'string' && REALM_NAME.test(name) ? await realms.getRealm(name) : undefined;
    if (!realm) throw new FlowgateError('FG_UNKNOWN_REALM', `'${String(name).slice(0, 64)}'`);
    stateOf(res).realm = realm;
    next();
  };
}

/**
 * The page locale for pages outside a sign-in (account, sign-out, errors): `ui_locales`, then
 * `Accept-Language`, then the realm's default, among the realm's supported locales. Step pages use
 * the locale kept in their authentication session instead.
 */
export const pageLocale: RequestHandler = (req, res, next) => {
  const state = stateOf(res);
  const realm = state.realm;
  if (realm) {
    const uiLocales = queryParam(req, 'ui_locales');
    const acceptLanguage = req.get('accept-language');
    state.locale = negotiateLocale({
      ...(uiLocales !== undefined && { uiLocales }),
      ...(acceptLanguage !== undefined && { acceptLanguage }),
      supported: realm.settings.supportedLocales,
      fallback: realm.settings.defaultLocale,
    });
  }
  next();
};

/** Marks the response as never to be stored by a browser or proxy: every page here is personal. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
