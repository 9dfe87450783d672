import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The one way Flowgate builds ajv: every error collected (an admin fixes a file in one round),
 * defaults from the schemas filled in, `email`/`uri` formats known. Strict mode stays on so a typo in
 * a plugin's schema is a boot error rather than a silently ignored keyword.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['email', 'uri', 'date-time']);
  // The admin UI's hint for a text by locale (see `ConfigProperty`); strict mode refuses unknown keywords.
  ajv.addKeyword({ keyword: 'x-localized', metaSchema: { type: 'boolean' } });
  return ajv;
}

let shared: Ajv | undefined;

/**
 * The ajv for Flowgate's own fixed schemas (server config, flow and realm files, admin API bodies),
 * created on first use. Every ajv instance compiles JSON Schema's meta-schema before its first
 * schema, which was a good part of the start-up; one instance pays that once. Each of these schemas
 * is one module-level object, compiled once and cached by ajv under it, so the cache cannot grow.
 * Plugin config schemas keep an ajv per registry: a registry and its schemas go away together.
 */
export function sharedAjv(): Ajv {
  return (shared ??= createAjv());
}

/** One ajv error as a sentence: `must have required property 'alias'`, with params made explicit. */
export function describeAjvError(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `unknown property '${String((error.params as { additionalProperty: string }).additionalProperty)}'`;
  }
  if (error.keyword === 'enum') {
    return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? error.keyword;
}

/**
 * The JSON Pointer an ajv error is about; for `required` the missing property's own path, for
 * `additionalProperties` the unknown property's, so the error points at the typo itself.
 */
export function ajvErrorPath(error: ErrorObject): string {
  if (error.keyword === 'required') {
    return `${error.instancePath}/${escapePointer((error.params as { missingProperty: string }).missingProperty)}`;
  }
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${escapePointer((error.params as { additionalProperty: string }).additionalProperty)}`;
  }
  return error.instancePath;
}

/** Escapes one JSON Pointer segment (RFC 6901). */
function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
