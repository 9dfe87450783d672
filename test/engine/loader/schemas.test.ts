import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAjv } from '../../../src/json/ajv';

const FLOWS_DIR = path.join(__dirname, '../../../flows');
const SCHEMAS = ['flow.schema.json', 'realm.schema.json'];

/** Every subschema that is the value of a `properties` entry, with its path. */
function propertySchemas(schema: unknown, at = '#'): Array<[string, Record<string, unknown>]> {
  if (schema === null || typeof schema !== 'object') return [];
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value)) {
        if (sub && typeof sub === 'object') out.push([`${at}/properties/${name}`, sub as Record<string, unknown>]);
      }
    }
    out.push(...propertySchemas(value, `${at}/${key}`));
  }
  return out;
}

describe.each(SCHEMAS)('flows/%s', (name) => {
  const schema = JSON.parse(fs.readFileSync(path.join(FLOWS_DIR, name), 'utf8')) as Record<string, unknown>;

  test('is a draft-07 schema with $id, title and description that compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(new RegExp(`/${name.replace(/\./g, '\\.')}$`));
    expect(typeof schema.title).toBe('string');
    expect(typeof schema.description).toBe('string');
    expect(() => createAjv().compile(schema)).not.toThrow();
  });

  test('documents every property and forbids unknown ones', () => {
    const properties = propertySchemas(schema).filter(([p]) => !p.includes('/oneOf/') && !p.includes('/not/'));
    expect(properties.length).toBeGreaterThan(5);
    for (const [where, sub] of properties) {
      expect([where, typeof sub.description]).toEqual([where, 'string']);
    }
    const objects: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (s === null || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'object' && o.properties && !at.includes('/oneOf/') && !at.includes('/not')) objects.push(`${at}:${String(o.additionalProperties)}`);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    walk(schema, '#');
    expect(objects.filter((o) => !o.endsWith(':false'))).toEqual([]);
  });
});
