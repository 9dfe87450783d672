import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { adminApi } from '../admin/api';
import { ADMIN_ROUTE_GROUPS } from '../admin/api/groups';
import { adminPages } from '../admin/bootstrap/admin-pages.routes';
import { projectRoot } from '../util/project-root';
import type { AdminApiDeps } from '../admin/api/admin-deps';
import type { AppDeps } from '../http/app-deps';
import { errorHandler, notFound } from '../http/error-handler';
import { healthRoutes } from '../http/health.routes';
import { loginRoutes } from '../http/login.routes';
import { requestContext } from '../http/middleware/request-context';
import { securityHeaders } from '../http/middleware/security-headers';

/** The admin UI's static files, served at `/admin/`. */
const ADMIN_UI_DIR = path.join(projectRoot(), 'admin-ui');

/**
 * The browser half of WebAuthn (@simplewebauthn/browser's UMD bundle, defining
 * `SimpleWebAuthnBrowser`), served from the installed package at `WEBAUTHN_BROWSER_PATH`: the
 * passkey pages load it from this origin, under the pages' CSP, never from a CDN.
 */
const WEBAUTHN_BROWSER_BUNDLE = path.join(path.dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js');
const WEBAUTHN_BROWSER_PATH = '/static/simplewebauthn-browser.js';

/** Cache lifetime of `/static/` files: their names carry no version, so an hour, not a year. */
const STATIC_MAX_AGE = '1h';

/** The login pages' deps and what the admin API (`/admin/api`) and the admin bootstrap page are built with. */
export interface ServerAppDeps extends AppDeps {
  readonly admin: AdminApiDeps;
  /** The OpenID Connect endpoints (`src/oidc`), mounted before the login pages. */
  readonly protocol?: RequestHandler;
}

/**
 * The express app of the login pages, without `listen()` (tests drive it with supertest).
 * Order matters: every response gets its request id, log line and security headers first; then
 * the probes, static files, the login surface and the admin console; then the 404 and the error handler, which
 * answer everything else as a page or as JSON.
 */
export function createApp(deps: ServerAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy ?? false);
  // `a[b]=c` and repeated names come out as objects and arrays, which `plainParams` refuses.
  app.set('query parser', 'extended');
  app.set('etag', false);

  app.use(requestContext(deps.logger));
  app.use(securityHeaders({ https: new URL(deps.config.publicUrl).protocol === 'https:' }));
  app.use(healthRoutes(deps.storage));
  for (const dir of deps.staticDirs) {
    app.use('/static', express.static(dir, { index: false, dotfiles: 'ignore', redirect: false, maxAge: STATIC_MAX_AGE, etag: true }));
  }
  app.get(WEBAUTHN_BROWSER_PATH, (_req, res) => res.sendFile(WEBAUTHN_BROWSER_BUNDLE, { maxAge: STATIC_MAX_AGE }));
  if (deps.protocol) app.use(deps.protocol);
  app.use(loginRoutes(deps));
  // The admin console: its REST API, the bootstrap sign-in link, and the UI's static files.
  app.use('/admin/api', adminApi(deps.admin, ADMIN_ROUTE_GROUPS));
  app.use(adminPages(deps));
  app.use('/admin', express.static(ADMIN_UI_DIR, { dotfiles: 'ignore', maxAge: 0, etag: true }));
  app.use(notFound);
  app.use(errorHandler({ renderer: deps.renderer, bundles: deps.bundles, logger: deps.logger, storage: deps.storage }));
  return app;
}
