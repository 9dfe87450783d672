import type { AdminRouteGroup } from './admin-deps';
import { CSRF_HEADER } from './admin-auth';

/**
 * The OpenAPI 3.1 document of the admin API, assembled from every group's part. Served at
 * `GET /admin/api/openapi.json`; the console and automation read it, and the test of each group
 * checks that its routes are described.
 */
export function openApiDocument(groups: readonly AdminRouteGroup[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { ...SHARED_SCHEMAS };
  for (const group of groups) {
    for (const [path, item] of Object.entries(group.openapi.paths)) {
      // Two groups may serve different methods of one path.
      paths[path] = { ...(paths[path] as Record<string, unknown> | undefined), ...(item as Record<string, unknown>) };
    }
    Object.assign(schemas, group.openapi.schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flowgate admin API',
      version: '1',
      description:
        'Configure realms, flows, bindings and clients; manage users, sessions, events and mail. JSON in and out. ' +
        `Authenticate with an API token (Authorization: Bearer fgat_…) or the console's session cookie; cookie sessions send ${CSRF_HEADER} on every write. ` +
        'Versioned resources carry an ETag; writes to them need If-Match (428 without, 409 when stale). Errors are AdminError documents with a stable code.',
    },
    servers: [{ url: '/admin/api' }],
    security: [{ bearer: [] }, { session: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An admin API token, `fgat_…`.' },
        session: { type: 'apiKey', in: 'cookie', name: 'fg_session_admin', description: `The console's session; writes also need the ${CSRF_HEADER} header.` },
      },
      schemas,
      responses: SHARED_RESPONSES,
    },
  };
}

/** `$ref` to a component schema. */
export function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** An operation's responses: `ok` with its status and schema, plus the error responses every call may get. */
export function responses(ok: { status?: number; description: string; schema?: unknown; versioned?: boolean }, ...errors: number[]): Record<string, unknown> {
  const body = ok.schema === undefined ? {} : { content: { 'application/json': { schema: ok.schema } } };
  const headers = ok.versioned ? { headers: { ETag: { description: 'The version, `W/"<n>"`.', schema: { type: 'string' } } } } : {};
  const out: Record<string, unknown> = { [String(ok.status ?? 200)]: { description: ok.description, ...headers, ...body } };
  for (const status of [400, 401, 403, ...errors]) out[String(status)] = { $ref: `#/components/responses/Error${status}` };
  return out;
}

/** A JSON request body. */
export function jsonBody(schema: unknown): Record<string, unknown> {
  return { required: true, content: { 'application/json': { schema } } };
}

/** The `If-Match` header parameter of versioned writes. */
export const IF_MATCH = { name: 'If-Match', in: 'header', required: true, description: 'The ETag read, `W/"<n>"`.', schema: { type: 'string' } };

/** A path parameter. */
export function pathParameter(name: string, description: string): Record<string, unknown> {
  return { name, in: 'path', required: true, description, schema: { type: 'string' } };
}

const ERROR_STATUSES: Record<number, string> = {
  400: 'The body or a parameter is invalid (`errors` lists each problem with its JSON pointer).',
  401: 'No valid session or API token (`FG_ADMIN_UNAUTHENTICATED`).',
  403: 'Not an administrator, or the CSRF header is missing or wrong.',
  404: 'No such resource.',
  409: 'A conflict: stale version, name taken, read-only or in use.',
  413: 'The body is too large.',
  428: 'If-Match is missing (`FG_ADMIN_VERSION_REQUIRED`).',
};

const SHARED_RESPONSES = Object.fromEntries(
  Object.entries(ERROR_STATUSES).map(([status, description]) => [
    `Error${status}`,
    { description, content: { 'application/json': { schema: ref('AdminError') } } },
  ]),
);

const SHARED_SCHEMAS: Record<string, unknown> = {
  AdminProblem: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', description: 'A stable registry code (`FG_*`); see docs/error-codes.md.' },
      message: { type: 'string' },
      detail: { type: 'string' },
      path: { type: 'string', description: 'JSON Pointer of the offending value.' },
      file: { type: 'string', description: 'The document the pointer is in, when there are several.' },
    },
  },
  AdminError: {
    type: 'object',
    required: ['type', 'code', 'message', 'errors', 'requestId'],
    properties: {
      type: { const: 'error' },
      code: { type: 'string' },
      message: { type: 'string' },
      detail: { type: 'string' },
      path: { type: 'string' },
      file: { type: 'string' },
      errors: { type: 'array', items: ref('AdminProblem') },
      requestId: { type: 'string' },
    },
  },
};
