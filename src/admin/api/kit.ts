/**
 * What every admin API route group is built with: the deps, the caller, body validation, versions
 * (ETag / If-Match), the audit and the error answer. A group is a function `(deps) =>
 * AdminRouteGroup` listed in `ADMIN_ROUTE_GROUPS` (./groups.ts); `adminApi` (./index.ts) mounts it
 * behind authentication, CSRF and the JSON body parser.
 *
 * A handler in a group looks like:
 *
 *     r.put('/realms/:realm/things/:id', handler(async (req, res) => {
 *       const body = validate(req);                 // 400 FG_ADMIN_INVALID_BODY with the JSON pointer
 *       const thing = await load(req.params.id);
 *       checkVersion(req, thing.version);           // 428 without If-Match, 409 when stale
 *       const after = await save(thing, body);
 *       await deps.audit.record({ actor: principalOf(res), action: 'thing.update', resource: `realms/${realm}/things/${id}`, realm, before: thing, after });
 *       setVersion(res, after.version);
 *       res.json(after);
 *     }));
 */
export type { AdminApiDeps, AdminRouteGroup, AdminRouteGroupFactory } from './admin-deps';
export { principalOf, type AdminPrincipal } from './principal';
export { bodyValidator } from './body-validator';
export { checkVersion, expectedVersion, setVersion } from './versions';
export { handler, sendAdminError, type AdminErrorDocument, type AdminProblem } from './admin-errors';
export type { AdminAudit, AdminAuditEntry, AdminAuditFilter, AdminAuditRecord } from '../../store/admin-audit';
export { realmParam, resourcePath } from './params';
export { changeRealmDocument, realmSnapshot, rebaseErrors, type PointerRebase, type RealmDocumentChange } from './realm-changes';
