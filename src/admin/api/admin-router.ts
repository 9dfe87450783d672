import { Router, type RequestHandler } from 'express';
import { FlowgateError } from '../../errors';
import type { AdminApiDeps } from './admin-deps';
import { handler } from './admin-errors';
import { bodyValidator } from './body-validator';
import { listQuery } from './list-query';
import { pathParam } from './params';
import { pathParamNames, type AdminRouteGroup, type DeclaredRoute } from './route-table';

/**
 * The routes of every group's table on one router, in table order. Each runs, in order: its fixed
 * path parameters checked (404), its body validated (400 `FG_ADMIN_INVALID_BODY`), its query parsed
 * (400 `FG_ADMIN_INVALID_QUERY`), then its handler, whose coded errors become admin error documents.
 */
export function routesRouter(groups: readonly AdminRouteGroup[], deps: AdminApiDeps): Router {
  const r = Router();
  for (const group of groups) {
    for (const declared of group.routes) r[declared.method](declared.path, routeHandler(declared, deps));
  }
  return r;
}

function routeHandler(declared: DeclaredRoute, deps: AdminApiDeps): RequestHandler {
  const names = checkedParamNames(declared);
  const fixed = Object.entries(declared.params ?? {}).flatMap(([name, p]) => (typeof p === 'string' ? [] : [{ name, values: p.values }]));
  const validate = declared.request && bodyValidator(declared.request.schema);
  const parseQuery = declared.query && listQuery(declared.query);
  return handler(async (req, res) => {
    const params = Object.fromEntries(names.map((name) => [name, pathParam(req, name)]));
    for (const { name, values } of fixed) {
      const value = params[name]!;
      if (!values.includes(value)) throw new FlowgateError('FG_ADMIN_NOT_FOUND', `no ${name} '${value.slice(0, 64)}' (${name}s: ${values.join(', ')})`);
    }
    const body = validate ? validate(req) : undefined;
    const query = parseQuery ? parseQuery(req) : {};
    await declared.handler({ deps, req, res, params, body, query });
  });
}

/** The path's parameters, each of which the route must describe (and nothing else); a mismatch is a bug, found at start. */
function checkedParamNames(declared: DeclaredRoute): string[] {
  const names = pathParamNames(declared.path);
  const described = Object.keys(declared.params ?? {});
  if (names.length !== described.length || names.some((n) => !described.includes(n))) {
    throw new FlowgateError('FG_INTERNAL_ERROR', `${declared.method.toUpperCase()} ${declared.path} describes the parameters ${described.join(', ') || 'none'}, its path has ${names.join(', ') || 'none'}`);
  }
  return names;
}
