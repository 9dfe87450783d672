import type { Request, Response } from 'express';
import type { ErrorCode } from '../../errors';
import type { AdminApiDeps } from './admin-deps';
import type { ParsedQuery, QueryParam } from './list-query';

/**
 * An admin API route is declared once, as a row of its group's table: method, path, parameters,
 * request and response schemas, the codes it may answer and the handler. The router
 * (`./admin-router.ts`) and the OpenAPI document (`./openapi.ts`) are both built from the tables,
 * so a route cannot be served without being described, nor described without being served.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The `:params` of an express path: `'/realms/:realm/users/:id'` gives `'realm' | 'id'`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * A path parameter: what it is, and for a parameter with a fixed set of values (a binding slot),
 * which; any other value is 404 `FG_ADMIN_NOT_FOUND` before the body is looked at.
 */
export type PathParam = string | { readonly description: string; readonly values: readonly string[] };

/** The realm path parameter, the same in every group. */
export const REALM_PARAM: PathParam = 'The realm name';

/** A request body's JSON Schema with its name in the OpenAPI document; `T` is what it validates to. */
export interface RequestBody<T> {
  readonly name: string;
  readonly schema: object;
  // Never set: it carries `T` from the declaration to the handler's `body`.
  readonly __body?: T;
}

/** Declares a request body: validated with ajv (defaults filled in) before the handler runs. */
export function requestBody<T>(name: string, schema: object): RequestBody<T> {
  return { name, schema };
}

export type SuccessStatus = 200 | 201 | 204;

/** What a route answers when it succeeds. */
export interface SuccessResponse {
  /** Default 200; several when it depends (an import creates a realm that does not exist: 201). */
  readonly status?: SuccessStatus | readonly SuccessStatus[];
  readonly description: string;
  /** JSON Schema of the body (none for 204). */
  readonly schema?: object;
  /** Whether the version is sent as `ETag`. */
  readonly etag?: boolean;
  /** Whether `Location` names the new resource. */
  readonly location?: boolean;
}

/** What a handler gets: the deps, the request and response, and the parsed parts of the request. */
export interface RouteContext<B, Q extends QuerySpec, P extends string> {
  readonly deps: AdminApiDeps;
  readonly req: Request;
  readonly res: Response;
  /** The path parameters, decoded. */
  readonly params: { readonly [N in PathParamNames<P>]: string };
  /** The body, validated by `request` (undefined for routes without one). */
  readonly body: B;
  /** The query, parsed by `query` (unknown parameters refused); `{}` for routes without one. */
  readonly query: ParsedQuery<Q>;
}

export type QuerySpec = Readonly<Record<string, QueryParam>>;

interface RouteFields<B, Q extends QuerySpec, P extends string> {
  readonly method: HttpMethod;
  /** Express path under `/admin/api`: `/realms/:realm/flows/:alias`. */
  readonly path: P;
  readonly summary: string;
  readonly description?: string;
  /** Query parameters (list endpoints); an undeclared one is 400 `FG_ADMIN_INVALID_QUERY`. */
  readonly query?: Q;
  readonly request?: RequestBody<B>;
  readonly response: SuccessResponse;
  /** `If-Match` with the version read: required for versioned writes, optional for an import (which may create). */
  readonly ifMatch?: 'required' | 'optional';
  /**
   * The registry codes the handler may refuse with. Those every route may answer (401, 403, a bad
   * body or query, a stale version) follow from the other fields and need not be listed.
   */
  readonly errors?: readonly ErrorCode[];
  handler(ctx: RouteContext<B, Q, P>): Promise<void>;
}

// Every path parameter is described; a path without any needs no `params`.
type ParamsField<P extends string> = [PathParamNames<P>] extends [never]
  ? { readonly params?: undefined }
  : { readonly params: { readonly [N in PathParamNames<P>]: PathParam } };

/** One row of a group's table, as written. */
export type AdminRoute<B, Q extends QuerySpec, P extends string> = RouteFields<B, Q, P> & ParamsField<P>;

/** A row of a table with its types erased, as the router and the document read it. */
export interface DeclaredRoute extends Omit<RouteFields<unknown, QuerySpec, string>, 'handler' | 'request'> {
  readonly params?: Readonly<Record<string, PathParam>>;
  readonly request?: RequestBody<unknown>;
  handler(ctx: RouteContext<unknown, QuerySpec, string>): Promise<void>;
}

/** Declares a route; the types of `body`, `query` and `params` follow from the declaration. */
export function route<P extends string, B = undefined, Q extends QuerySpec = Record<never, QueryParam>>(declared: AdminRoute<B, Q, P>): DeclaredRoute {
  return declared as unknown as DeclaredRoute;
}

/** A group of routes (one folder under src/admin/api), listed in `ADMIN_ROUTE_GROUPS`. */
export interface AdminRouteGroup {
  /** The OpenAPI tag of its operations. */
  readonly tag: string;
  readonly routes: readonly DeclaredRoute[];
  /** Schemas its routes refer to as `#/components/schemas/<name>`. */
  readonly schemas?: Readonly<Record<string, object>>;
}

/** The names of the `:params` of `path`, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

/** The OpenAPI form of an express path: `/realms/:realm` -> `/realms/{realm}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
