import express, { Router, type RequestHandler } from 'express';
import { FlowgateError } from '../../errors';
import type { AdminApiDeps } from './admin-deps';
import { authenticateAdmin, verifyAdminCsrf } from './admin-auth';
import { adminErrors } from './admin-errors';
import { routesRouter } from './admin-router';
import { openApiDocument } from './openapi';
import type { AdminRouteGroup } from './route-table';

/** Largest request body the admin API takes: a realm import with many flows fits in far less. */
const ADMIN_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The admin API, mounted at `/admin/api`. Every request goes through, in order:
 * `jsonOnly` (JSON answers, never cached) -> the OpenAPI document (public: it holds no data)
 * -> `authenticate` (API token or console session; 401/403) -> `csrf` (console sessions' writes)
 * -> `body` (JSON only, at most 1 MiB) -> the routes of every group's table -> 404 -> coded errors as JSON.
 */
export function adminApi(deps: AdminApiDeps, groups: readonly AdminRouteGroup[]): Router {
  const openapi = openApiDocument(groups);

  const r = Router();
  r.use(jsonOnly);
  r.get('/openapi.json', (_req, res) => void res.json(openapi));
  r.use(authenticateAdmin(deps));
  r.use(verifyAdminCsrf(deps.csrfKey));
  r.use(express.json({ limit: ADMIN_MAX_BODY_BYTES, strict: true }), requireJsonBody);
  r.use(routesRouter(groups, deps));
  r.use(() => {
    throw new FlowgateError('FG_ADMIN_NOT_FOUND');
  });
  r.use(adminErrors(deps.storage));
  return r;
}

/**
 * The admin API speaks JSON only: an error it does not answer itself (a bug: 500) is answered by
 * the app's error handler, which picks JSON by `Accept`, so it is set here.
 */
const jsonOnly: RequestHandler = (req, res, next) => {
  req.headers.accept = 'application/json';
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** A body must be JSON (415 otherwise). A request without one (or an empty one) passes. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if (hasBody && req.is('application/json') !== 'application/json') {
    throw new FlowgateError('FG_UNSUPPORTED_MEDIA_TYPE', `the admin API takes application/json, not '${String(req.get('content-type')).slice(0, 100)}'`);
  }
  next();
};
