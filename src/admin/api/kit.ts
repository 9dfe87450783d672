/**
 * What every admin API route group is built with: the route table, the caller, versions (ETag /
 * If-Match), the audit and the error answer. A group is an `AdminRouteGroup` (a tag, a table of
 * routes, the schemas they refer to) listed in `ADMIN_ROUTE_GROUPS` (./groups.ts); `adminApi`
 * (./index.ts) mounts its routes behind authentication, CSRF and the JSON body parser, and the
 * OpenAPI document describes them from the same table.
 *
 * A row of a table looks like:
 *
 *     route({
 *       method: 'put',
 *       path: '/realms/:realm/things/:id',
 *       summary: 'Replaces a thing',
 *       params: { realm: REALM_PARAM, id: 'The thing id' },
 *       request: requestBody<ThingBody>('ThingUpdate', UPDATE_SCHEMA), // 400 FG_ADMIN_INVALID_BODY with the JSON pointer
 *       response: { description: 'The thing now', schema: ref('Thing'), etag: true },
 *       ifMatch: 'required',                                           // 428 without If-Match, 409 when stale
 *       errors: ['FG_UNKNOWN_REALM', 'FG_THING_NOT_FOUND'],
 *       async handler({ deps, req, res, params, body }) {
 *         const thing = await load(params.id);
 *         checkVersion(req, thing.version);
 *         const after = await save(thing, body);
 *         await deps.audit.record({ actor: principalOf(res), action: 'thing.update', resource: resourcePath('realms', params.realm, 'things', params.id), realm: params.realm, before: thing, after });
 *         setVersion(res, after.version);
 *         res.json(after);
 *       },
 *     })
 */
export type { AdminApiDeps } from './admin-deps';
export { route, requestBody, REALM_PARAM, type AdminRouteGroup, type DeclaredRoute, type QuerySpec, type RouteContext } from './route-table';
export { LOADER_CODES } from './route-errors';
export { ref } from './openapi';
export { principalOf, type AdminPrincipal } from './principal';
export { expectedVersion, setVersion } from './versions';
export type { AdminErrorDocument, AdminProblem } from './admin-errors';
export type { AdminAudit, AdminAuditEntry, AdminAuditFilter, AdminAuditRecord } from '../../store/admin-audit';
export { resourcePath } from './params';
export { changeRealmDocument, realmSnapshot, type PointerRebase, type RealmDocumentChange } from './realm-changes';
