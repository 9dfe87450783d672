// `npm run admin-api-types`: writes admin-ui/js/api-types.d.ts, the admin console's types of the
// admin API, from the API's OpenAPI document (every component schema as a type), so the console
// stops guessing the shapes it reads and sends. A test fails while the file is not what this
// writes. Runs with the TypeScript require hook of the tests (test/support/swc-register.js).
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_ROUTE_GROUPS } from '../src/admin/api/groups';
import { openApiDocument, type OpenApiDocument } from '../src/admin/api/openapi';

/** Where the types go. */
export const API_TYPES_FILE = path.join(__dirname, '..', 'admin-ui', 'js', 'api-types.d.ts');

/** A JSON Schema, as far as the generator reads it. */
interface Schema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly description?: string;
}

/** The declarations file of `document`: one exported type per component schema, in name order. */
export function adminApiTypes(document: OpenApiDocument = openApiDocument(ADMIN_ROUTE_GROUPS)): string {
  const schemas = document.components.schemas as Record<string, Schema>;
  const out = [
    '// The admin API\'s types, generated from its OpenAPI document (GET /admin/api/openapi.json) by',
    '// scripts/admin-api-types.ts: do not edit; run `npm run admin-api-types` after changing the API.',
    '',
  ];
  for (const name of Object.keys(schemas).sort()) {
    const schema = schemas[name]!;
    out.push(...comment(schema.description, ''));
    // Type aliases rather than interfaces: an object type of one is assignable to a map of the same values.
    out.push(`export type ${name} = ${typeOf(schema, '')};`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function typeOf(schema: Schema, indent: string): string {
  if (schema.$ref !== undefined) return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.oneOf ?? schema.anyOf) return (schema.oneOf ?? schema.anyOf)!.map((s) => wrap(typeOf(s, indent))).join(' | ');
  if (schema.allOf) return schema.allOf.map((s) => wrap(typeOf(s, indent))).join(' & ');
  if (Array.isArray(schema.type)) return (schema.type as string[]).map((type) => wrap(typeOf({ ...schema, type }, indent))).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(schema.items ? typeOf(schema.items, indent) : 'unknown')}[]`;
    case 'object':
      return objectType(schema, indent);
    default:
      return schema.properties ? objectType(schema, indent) : 'unknown';
  }
}

function objectType(schema: Schema, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines: string[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    lines.push(...comment(prop.description, inner));
    lines.push(`${inner}${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key)}${required.has(key) ? '' : '?'}: ${typeOf(prop, inner)};`);
  }
  const extra = schema.additionalProperties;
  if (typeof extra === 'object') lines.push(`${inner}[key: string]: ${typeOf(extra, inner)}${schema.properties ? ' | undefined' : ''};`);
  else if (extra === undefined && !schema.properties) lines.push(`${inner}[key: string]: unknown;`);
  return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
}

function wrap(type: string): string {
  return /^[\w."]+(\[\])*$/.test(type) || type.startsWith('{') ? type : `(${type})`;
}

function comment(text: string | undefined, indent: string): string[] {
  return text ? [`${indent}/** ${text.replace(/\*\//g, '*\\/')} */`] : [];
}

if (require.main === module) {
  fs.writeFileSync(API_TYPES_FILE, adminApiTypes());
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}`);
}
