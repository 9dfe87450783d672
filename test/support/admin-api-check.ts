import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { ADMIN_ROUTE_GROUPS } from '../../src/admin/api/groups';
import { openApiDocument } from '../../src/admin/api/openapi';

/** The HTTP methods of the admin API. */
export type AdminMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The admin API's OpenAPI document, as `GET /admin/api/openapi.json` serves it. */
export const ADMIN_API_DOCUMENT = openApiDocument(ADMIN_ROUTE_GROUPS);

/**
 * A supertest request to `/admin/api<path>` whose answer is checked against the OpenAPI document
 * before any expectation the test adds: every admin test request goes through here, so the
 * document's response schemas are held to what the API really sends.
 */
export function adminApiRequest(app: Express, method: AdminMethod, path: string): request.Test {
  return request(app)[method](`/admin/api${path}`).expect((res) => checkAnswer(method, path, res));
}

// No `useDefaults`: validating must not change the body the test then reads.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
addFormats(ajv);
ajv.addSchema(ADMIN_API_DOCUMENT, 'admin-api');
const validators = new Map<string, ValidateFunction>();

interface DocumentResponse {
  readonly headers?: Record<string, unknown>;
  readonly content?: Record<string, unknown>;
}

/**
 * Throws unless the answer is one the document describes: the operation (found by method and path
 * template) declares its status; a JSON body matches that status's schema (refusals: an
 * `AdminError` with one of the codes the operation lists); an ETag is sent exactly when declared.
 * A refusal from a path the document does not have (401 before routing, the 404 itself) must be
 * an `AdminError`; a success from one fails.
 */
export function checkAnswer(method: AdminMethod, path: string, res: request.Response): void {
  const where = `${method.toUpperCase()} /admin/api${path} answered ${res.status}`;
  const json = /^application\/json\b/.test(String(res.headers['content-type'] ?? ''));
  const template = operationTemplate(method, path);
  if (template === undefined) {
    if (res.status < 400) throw new Error(`${where}, but the OpenAPI document has no such operation`);
    return checkBody(where, json, res.body, '#/components/schemas/AdminError');
  }
  const operation = ADMIN_API_DOCUMENT.paths[template]![method] as { responses: Record<string, DocumentResponse> };
  const declared = operation.responses[String(res.status)];
  if (!declared) throw new Error(`${where}, a status ${method.toUpperCase()} ${template} does not declare (it declares ${Object.keys(operation.responses).join(', ')})`);
  if (res.status < 300 && (declared.headers?.['ETag'] !== undefined) !== (res.headers['etag'] !== undefined)) {
    throw new Error(`${where} ${res.headers['etag'] === undefined ? 'without' : 'with'} an ETag, which the document ${declared.headers?.['ETag'] === undefined ? 'does not declare' : 'declares'}`);
  }
  if (declared.content === undefined) {
    if (res.text) throw new Error(`${where} with a body, which the document does not declare: ${res.text.slice(0, 200)}`);
    return;
  }
  checkBody(where, json, res.body, `#/paths/${pointer(template)}/${method}/responses/${res.status}/content/application~1json/schema`);
}

function checkBody(where: string, json: boolean, body: unknown, schemaPointer: string): void {
  if (!json) throw new Error(`${where}, not with JSON`);
  let validate = validators.get(schemaPointer);
  if (!validate) validators.set(schemaPointer, (validate = ajv.compile({ $ref: `admin-api${schemaPointer}` })));
  if (validate(body)) return;
  const problems = (validate.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  throw new Error(`${where} with a body that does not match the OpenAPI document (${schemaPointer}):\n${problems.join('\n')}\nbody: ${JSON.stringify(body).slice(0, 1000)}`);
}

/**
 * The path template of the operation `method path` is, as express would route it: a `{param}`
 * matches any one segment, and of several matches the one with the most literal segments wins.
 */
export function operationTemplate(method: AdminMethod, path: string): string | undefined {
  const segments = path.split('?')[0]!.split('/');
  let best: { template: string; literals: number } | undefined;
  for (const [template, item] of Object.entries(ADMIN_API_DOCUMENT.paths)) {
    const parts = template.split('/');
    if (item[method] === undefined || parts.length !== segments.length) continue;
    if (!parts.every((part, i) => (/^\{.+\}$/.test(part) ? segments[i] !== '' : part === segments[i]))) continue;
    const literals = parts.filter((part) => !part.startsWith('{')).length;
    if (!best || literals > best.literals) best = { template, literals };
  }
  return best?.template;
}

/** A path template as a JSON Pointer segment inside a URI fragment. */
function pointer(template: string): string {
  return encodeURIComponent(template.replace(/~/g, '~0').replace(/\//g, '~1'));
}
