import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
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

/**
 * The admin API's router. Its twenty-odd route groups and their schemas are loaded and built on
 * the first request under `/admin/api`, not at boot: the first sign-in page does not need them,
 * and loading them delayed it (docs/decisions.md §27).
 */
function adminApiRouter(admin: AdminApiDeps): RequestHandler {
  const { adminApi } = require('../admin/api') as typeof import('../admin/api');
  const { ADMIN_ROUTE_GROUPS } = require('../admin/api/groups') as typeof import('../admin/api/groups');
  return adminApi(admin, ADMIN_ROUTE_GROUPS);
}

/**
 * A router whose handler `build` makes on its first request and mounts inside it, so the app's
 * router stack shows it from then on as if mounted at boot (the OpenAPI test walks that stack).
 */
function onFirstRequest(build: () => RequestHandler): Router {
  const router = express.Router();
  let built = false;
  router.use((_req, _res, next) => {
    if (!built) {
      router.use(build());
      built = true;
    }
    next();
  });
  return router;
}

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
  app.use('/admin/api', onFirstRequest(() => adminApiRouter(deps.admin)));
  app.use(adminPages(deps));
  app.use('/admin', express.static(ADMIN_UI_DIR, { dotfiles: 'ignore', maxAge: 0, etag: true }));
  app.use(notFound);
  app.use(errorHandler({ renderer: deps.renderer, bundles: deps.bundles, logger: deps.logger, storage: deps.storage }));
  return app;
}
