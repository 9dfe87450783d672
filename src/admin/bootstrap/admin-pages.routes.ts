import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ERROR_CODES, FlowgateError, type ErrorCode } from '../../errors';
import type { AppDeps } from '../../http/app-deps';
import type { AdminApiDeps } from '../api/admin-deps';

/** The login pages' deps and the admin API's: the bootstrap page issues console sessions with both. */
type AdminPagesDeps = AppDeps & { readonly admin: AdminApiDeps };
import { LOGIN_EVENT } from '../../http/login/finish-login';
import { rotateBrowserId } from '../../http/login/rotate-browser';
import { csrfFor, requiredField } from '../../http/login/login-context';
import { loginUrl } from '../../http/login-urls';
import { browserId, verifyCsrfToken } from '../../http/middleware/browser';
import { loginRateLimits } from '../../http/middleware/login-rate-limits';
import { noStore, pageLocale } from '../../http/middleware/realm';
import { bodyParsers, plainParams, queryParam, requireFormOrJson } from '../../http/middleware/request-input';
import { permitFormActionTo } from '../../http/middleware/security-headers';
import { pageText } from '../../http/page-text';
import { LINK_ERROR_MESSAGE_KEYS } from '../../http/links/link.handlers';
import { localeOf, stateOf } from '../../http/request-state';
import { seeOther, sendPage } from '../../http/respond';
import { CSRF_FIELD, readCookie, secureCookies } from '../../security';
import type { TokenRejection } from '../../spi/services';
import { ADMIN_SESSION_COOKIE, adminSessionCookieOptions } from '../admin-cookie';
import { ADMIN_CLIENT_ID, ADMIN_REALM, adminConsoleUrl, isAdmin } from '../admin-realm';
import { BOOTSTRAP_PATH, BOOTSTRAP_TOKEN_PURPOSE } from './bootstrap-link';

/** The query parameter (and form field) carrying the bootstrap link's secret. */
const KEY = 'key';
const MAX_USER_AGENT = 512;

/**
 * The console's pages outside its API:
 * - `GET /admin/login`: 303 to the admin realm's sign-in, returning to the console;
 * - `GET /admin/bootstrap?key=`: the bootstrap link's confirmation page (changes nothing: link
 *   scanners and previews follow links);
 * - `POST /admin/bootstrap` (`csrf`, `key`): uses the link once, gives the browser the admin's
 *   session and sends it to the console.
 */
export function adminPages(deps: AdminPagesDeps): Router {
  const secure = secureCookies(deps.config.publicUrl);
  const { posts: limitPosts } = loginRateLimits(deps.limiter, deps.config);
  const realm = adminRealm(deps);
  const r = Router();
  r.get('/admin/login', noStore, (_req, res) => {
    seeOther(res, loginUrl(ADMIN_REALM, { clientId: ADMIN_CLIENT_ID, redirectUri: adminConsoleUrl(deps.config.publicUrl) }));
  });
  r.get(BOOTSTRAP_PATH, noStore, plainParams, realm, pageLocale, browserId({ issue: true, secure, key: deps.browserKey }), showBootstrap(deps));
  r.post(
    BOOTSTRAP_PATH,
    noStore,
    limitPosts,
    ...bodyParsers(),
    requireFormOrJson,
    plainParams,
    realm,
    pageLocale,
    browserId({ issue: false, secure, key: deps.browserKey }),
    verifyCsrfToken(deps.csrfKey),
    useBootstrap(deps),
  );
  return r;
}

/** The admin realm, for the pages' locale, title and error links. */
function adminRealm(deps: AdminPagesDeps): RequestHandler {
  return async (_req, res, next) => {
    const realm = await deps.realms.getRealm(ADMIN_REALM);
    if (!realm) throw new FlowgateError('FG_ADMIN_SETUP_INVALID', `realm '${ADMIN_REALM}' is missing`);
    stateOf(res).realm = realm;
    next();
  };
}

function showBootstrap(deps: AdminPagesDeps): RequestHandler {
  return async (req, res) => {
    const key = queryParam(req, KEY) ?? '';
    const found = await deps.admin.tokens.forRealm(ADMIN_REALM).inspect(BOOTSTRAP_TOKEN_PURPOSE, key);
    const user = found.ok ? await deps.users.forRealm(ADMIN_REALM).findById(found.token.subject) : undefined;
    if (!found.ok || !isAdmin(user)) return sendInvalid(res, deps, found.ok ? 'FG_LINK_NOT_FOUND' : refusalCode(found.reason));
    const model = {
      email: user.email,
      confirm: { method: 'POST', href: BOOTSTRAP_PATH, fields: { [CSRF_FIELD]: csrfFor(res, deps.csrfKey), [KEY]: key } },
    };
    sendPage(res, deps.renderer, 'admin-bootstrap', model, localeOf(res));
  };
}

function useBootstrap(deps: AdminPagesDeps): RequestHandler {
  return async (req, res) => {
    const key = requiredField(req, KEY);
    const used = await deps.admin.tokens.forRealm(ADMIN_REALM).consume(BOOTSTRAP_TOKEN_PURPOSE, key);
    if (!used.ok) return sendInvalid(res, deps, refusalCode(used.reason));
    const userId = used.token.subject;
    // The role is checked again now: it may have been taken away since the link was printed.
    if (!isAdmin(await deps.users.forRealm(ADMIN_REALM).findById(userId))) return sendInvalid(res, deps, 'FG_LINK_NOT_FOUND');
    await startConsoleSession(req, res, deps, userId);
    const target = adminConsoleUrl(deps.config.publicUrl);
    permitFormActionTo(req, res, target);
    seeOther(res, target);
  };
}

/**
 * Gives the browser a session of the admin realm for `userId` (ending another one it had: the
 * cookie names one), and records LOGIN as a sign-in through the realm's flow would.
 */
async function startConsoleSession(req: Request, res: Response, deps: AdminPagesDeps, userId: string): Promise<void> {
  await deps.userSessions.revokeByToken(ADMIN_REALM, readCookie(req, ADMIN_SESSION_COOKIE));
  const userAgent = req.get('user-agent')?.slice(0, MAX_USER_AGENT);
  const { token } = await deps.userSessions.create({
    realm: ADMIN_REALM,
    userId,
    ...(req.ip !== undefined && { ip: req.ip }),
    ...(userAgent && { userAgent }),
    method: 'bootstrap',
  });
  res.cookie(ADMIN_SESSION_COOKIE, token, adminSessionCookieOptions(deps.config.publicUrl));
  await rotateBrowserId(res, deps, { realm: ADMIN_REALM, userId });
  await deps.events
    .forContext({ realm: ADMIN_REALM, clientId: ADMIN_CLIENT_ID, ...(req.ip !== undefined && { ip: req.ip }) })
    .record({ type: LOGIN_EVENT, userId, details: { method: 'bootstrap', sso: false } });
}

function refusalCode(reason: TokenRejection): ErrorCode {
  return reason === 'expired' ? 'FG_LINK_EXPIRED' : reason === 'consumed' ? 'FG_LINK_USED' : 'FG_LINK_NOT_FOUND';
}

/** The `admin-bootstrap-invalid` page: why the link does not work, and how to get a new one. */
function sendInvalid(res: Response, deps: AdminPagesDeps, code: ErrorCode): void {
  const text = pageText(deps.bundles, localeOf(res));
  const key = LINK_ERROR_MESSAGE_KEYS[code] ?? 'error.linkNotFound';
  sendPage(res, deps.renderer, 'admin-bootstrap-invalid', { code, message: text.t(key) }, text.locale, ERROR_CODES[code].status);
}
