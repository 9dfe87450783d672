import { Router, type RequestHandler } from 'express';
import { secureCookies } from '../security';
import { passkeyChange, revokeAllSessions, revokeDevice, revokeSession, showAccount } from './account/account.handlers';
import { confirmLogout, logout } from './account/logout.handlers';
import type { AppDeps } from './app-deps';
import { confirmLink, continueApprovedStep, rejectLink, showLink } from './links/link.handlers';
import { loadTab } from './login/login-context';
import { restartLogin, selectAlternative, showStep, startAuthorization, startLogin, startRecovery, submitStep, tryAnotherWay } from './login/login.handlers';
import { decideConsent } from './login/consent.handlers';
import { showStatus } from './login/status.handlers';
import { browserId, verifyCsrfToken } from './middleware/browser';
import { knownDevice } from './middleware/known-device';
import { loginRateLimits } from './middleware/login-rate-limits';
import { loadRealm, noStore, pageLocale } from './middleware/realm';
import { bodyParsers, plainParams, requireFormOrJson } from './middleware/request-input';

/**
 * The login surface: every route of a realm's sign-in, account and sign-out pages, each as the
 * list of small steps it runs, in order. Read a line to know everything a request goes through.
 *
 * Shared steps: `noStore` (no caching of personal pages), `plainParams` (every parameter one
 * string, else 400), `loadRealm` (404 page for an unknown realm), `pageLocale`, `browser`
 * (the `fg_browser` cookie; `issueBrowser` gives one to a browser without), `device` (the known
 * device the browser is, for plugins' budgets and the account page), `csrf` (every POST),
 * `limitStarts`/`limitPosts` (per-IP rate limits, 429), `tab` (the tab's sign-in, this browser's only).
 */
export function loginRoutes(deps: AppDeps): Router {
  const secure = secureCookies(deps.config.publicUrl);
  const { starts: limitStarts, posts: limitPosts } = loginRateLimits(deps.limiter, deps.config);
  const realm = loadRealm(deps.realms);
  const browser = browserId({ issue: false, secure, key: deps.browserKey });
  const issueBrowser = browserId({ issue: true, secure, key: deps.browserKey });
  const csrf = verifyCsrfToken(deps.csrfKey);
  const tab = loadTab(deps.authSessions);
  const device = knownDevice(deps);
  const body: RequestHandler[] = [...bodyParsers(), requireFormOrJson];

  const page: RequestHandler[] = [noStore, plainParams, realm, pageLocale];
  const post: RequestHandler[] = [noStore, limitPosts, ...body, plainParams, realm, pageLocale, browser, csrf, device];

  const r = Router();
  r.get('/realms/:realm/login', noStore, limitStarts, plainParams, realm, pageLocale, issueBrowser, device, startLogin(deps));
  // An application's authorization request (OpenID Connect) hands its browser over here.
  r.get('/realms/:realm/login-actions/oidc/:uid', noStore, limitStarts, plainParams, realm, pageLocale, issueBrowser, device, startAuthorization(deps));
  r.post('/realms/:realm/login-actions/oidc/:uid/consent', ...post, decideConsent(deps));
  // "Lost your passkey?": prove the address again, then register a new passkey.
  r.get('/realms/:realm/login-actions/reset-credentials', noStore, limitStarts, plainParams, realm, pageLocale, issueBrowser, device, startRecovery(deps));
  r.get('/realms/:realm/login-actions/authenticate', ...page, browser, tab, device, continueApprovedStep(deps), showStep(deps));
  r.post('/realms/:realm/login-actions/authenticate', ...post, tab, submitStep(deps));
  r.post('/realms/:realm/login-actions/try-another-way', ...post, tab, tryAnotherWay(deps));
  r.post('/realms/:realm/login-actions/select', ...post, tab, selectAlternative(deps));
  r.post('/realms/:realm/login-actions/restart', ...post, tab, restartLogin(deps));
  // Polled by waiting pages (and JSON clients): has the tab moved on? Reads only.
  r.get('/realms/:realm/login-actions/status', ...page, browser, tab, showStatus());
  // Links from emails: GET/HEAD only show the confirmation (scanners follow links); the POST uses them.
  r.get('/realms/:realm/login-actions/link', ...page, issueBrowser, showLink(deps));
  r.post('/realms/:realm/login-actions/link', ...post, confirmLink(deps));
  // "This wasn't me" on a link's page: uses the link up and ends the sign-in it was for.
  r.post('/realms/:realm/login-actions/reject-link', ...post, rejectLink(deps));

  r.get('/realms/:realm/account', ...page, issueBrowser, device, showAccount(deps));
  r.post('/realms/:realm/account/sessions/revoke', ...post, revokeSession(deps));
  r.post('/realms/:realm/account/sessions/revoke-all', ...post, revokeAllSessions(deps));
  r.post('/realms/:realm/account/devices/revoke', ...post, revokeDevice(deps));
  r.post('/realms/:realm/account/passkeys/rename', ...post, passkeyChange(deps, 'rename'));
  r.post('/realms/:realm/account/passkeys/remove', ...post, passkeyChange(deps, 'remove'));

  r.get('/realms/:realm/logout', ...page, issueBrowser, confirmLogout(deps));
  r.post('/realms/:realm/logout', ...post, logout(deps));
  return r;
}
