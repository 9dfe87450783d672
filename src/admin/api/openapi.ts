import { FlowgateError } from '../../errors';
import { CSRF_HEADER } from './admin-auth';
import { queryParameters } from './list-query';
import { routeErrorCodes } from './route-errors';
import { openApiPath, pathParamNames, type AdminRouteGroup, type DeclaredRoute, type PathParam, type SuccessStatus } from './route-table';

/** The OpenAPI 3.1 document of the admin API. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: Record<string, unknown>;
  readonly servers: readonly object[];
  readonly security: readonly object[];
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: { readonly securitySchemes: object; readonly schemas: Record<string, object> };
}

/**
 * The OpenAPI 3.1 document of the admin API, built from every group's table (and the document's
 * own route, which `adminApi` serves before authentication). Served at `GET /admin/api/openapi.json`;
 * the console's types are generated from it.
 */
export function openApiDocument(groups: readonly AdminRouteGroup[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = { '/openapi.json': { get: OPENAPI_OPERATION } };
  const schemas: Record<string, object> = { ...SHARED_SCHEMAS };
  const addSchema = (name: string, schema: object): void => {
    if (schemas[name] !== undefined && schemas[name] !== schema) throw new FlowgateError('FG_INTERNAL_ERROR', `two schemas are named '${name}'`);
    schemas[name] = schema;
  };
  for (const group of groups) {
    for (const [name, schema] of Object.entries(group.schemas ?? {})) addSchema(name, schema);
    for (const declared of group.routes) {
      if (declared.request) addSchema(declared.request.name, declared.request.schema);
      const item = (paths[openApiPath(declared.path)] ??= {});
      if (item[declared.method] !== undefined) throw new FlowgateError('FG_INTERNAL_ERROR', `${declared.method.toUpperCase()} ${declared.path} is declared twice`);
      item[declared.method] = operation(group.tag, declared);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flowgate admin API',
      version: '1',
      description:
        'Configure realms, flows, bindings and clients; manage users, sessions, events and mail. JSON in and out. ' +
        `Authenticate with an API token (Authorization: Bearer fgat_…) or the console's session cookie; cookie sessions send ${CSRF_HEADER} on every write. ` +
        'Versioned resources carry an ETag; writes to them need If-Match (428 without, 409 when stale). Errors are AdminError documents with a stable code; each operation lists the codes it may answer.',
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
    },
  };
}

/** `$ref` to a component schema. */
export function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

function operation(tag: string, declared: DeclaredRoute): Record<string, unknown> {
  const parameters = [
    ...pathParamNames(declared.path).map((name) => pathParameter(name, declared.params?.[name])),
    ...(declared.ifMatch ? [{ ...IF_MATCH, required: declared.ifMatch === 'required', ...(declared.ifMatch === 'optional' && { description: 'Required when the resource exists: its ETag.' }) }] : []),
    ...(declared.query ? queryParameters(declared.query) : []),
  ];
  return {
    tags: [tag],
    summary: declared.summary,
    ...(declared.description !== undefined && { description: declared.description }),
    ...(parameters.length > 0 && { parameters }),
    ...(declared.request && { requestBody: { required: true, content: json(ref(declared.request.name)) } }),
    responses: { ...successResponses(declared), ...errorResponses(declared) },
  };
}

function successResponses({ response }: DeclaredRoute): Record<string, unknown> {
  const statuses: readonly SuccessStatus[] = response.status === undefined ? [200] : typeof response.status === 'number' ? [response.status] : response.status;
  const headers = {
    ...(response.etag && { ETag: { description: 'The version, `W/"<n>"`.', schema: { type: 'string' } } }),
    ...(response.location && { Location: { description: 'The path of the new resource.', schema: { type: 'string' } } }),
  };
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: response.description,
        ...(Object.keys(headers).length > 0 && { headers }),
        ...(response.schema !== undefined && status !== 204 && { content: json(response.schema) }),
      },
    ]),
  );
}

// Each status an operation may refuse with, and the codes it says then: an AdminError whose code is one of them.
function errorResponses(declared: DeclaredRoute): Record<string, unknown> {
  return Object.fromEntries(
    [...routeErrorCodes(declared)].map(([status, codes]) => [
      String(status),
      {
        description: `${STATUS_WORDS[status] ?? 'Refused'}: ${codes.join(', ')}.`,
        content: json({ allOf: [ref('AdminError'), { properties: { code: { enum: codes } } }] }),
      },
    ]),
  );
}

function json(schema: unknown): Record<string, unknown> {
  return { 'application/json': { schema } };
}

function pathParameter(name: string, param: PathParam | undefined): Record<string, unknown> {
  const description = typeof param === 'string' ? param : param?.description ?? name;
  const schema = typeof param === 'object' ? { type: 'string', enum: [...param.values] } : { type: 'string' };
  return { name, in: 'path', required: true, description, schema };
}

const IF_MATCH = { name: 'If-Match', in: 'header', description: 'The ETag read, `W/"<n>"`.', schema: { type: 'string' } };

const STATUS_WORDS: Record<number, string> = {
  400: 'The body or a parameter is invalid (`errors` lists each problem with its JSON pointer)',
  401: 'No valid session or API token',
  403: 'Not an administrator, or the CSRF header is missing or wrong',
  404: 'No such resource',
  409: 'A conflict: stale version, name taken, read-only or in use',
  413: 'The body is too large',
  415: 'The body is not JSON',
  428: 'If-Match is missing',
  503: 'The database cannot take writes (disk full or read-only)',
};

const OPENAPI_OPERATION = {
  tags: ['openapi'],
  summary: 'This document (public: it describes the API and holds no data)',
  security: [],
  responses: { '200': { description: 'The OpenAPI 3.1 document', content: json({ type: 'object', required: ['openapi', 'info', 'paths', 'components'] }) } },
};

const PROBLEM_PROPERTIES = {
  code: { type: 'string', description: 'A stable registry code (`FG_*`); see docs/error-codes.md.' },
  message: { type: 'string', description: "The registry's message for the code." },
  detail: { type: 'string', description: 'The specifics.' },
  path: { type: 'string', description: 'JSON Pointer of the offending value.' },
  file: { type: 'string', description: 'The document the pointer is in, when there are several.' },
};

const SHARED_SCHEMAS: Record<string, object> = {
  AdminProblem: { type: 'object', additionalProperties: false, required: ['code', 'message'], properties: PROBLEM_PROPERTIES },
  AdminError: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'code', 'message', 'errors', 'requestId'],
    description: 'Any refusal. The first problem is also at the top level; `errors` lists every problem.',
    properties: {
      type: { const: 'error' },
      ...PROBLEM_PROPERTIES,
      errors: { type: 'array', items: ref('AdminProblem') },
      requestId: { type: 'string', description: "Quote it to support: it is in the server's log line too." },
    },
  },
};
