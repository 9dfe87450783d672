/**
 * The logic of the config forms, apart from the DOM: which fields a plugin's JSON Schema gives,
 * how a field's text becomes a value, and the checks made before anything is sent (the server
 * checks again with ajv; these only spare a round trip). Kept free of `document` so it is tested
 * on its own.
 */

/**
 * The form fields of an object schema, in the schema's order. `kind` is `boolean`, `enum`,
 * `integer`, `number`, `string`, `string-list` (array of strings) or `json` (anything else,
 * edited as JSON text).
 */
export function fieldsOf(schema) {
  const properties = (schema && schema.properties) || {};
  const required = new Set((schema && schema.required) || []);
  return Object.entries(properties).map(([name, prop]) => ({
    name,
    kind: kindOf(prop),
    title: prop.title || name,
    description: prop.description,
    required: required.has(name),
    schema: prop,
  }));
}

function kindOf(prop) {
  if (Array.isArray(prop.enum)) return 'enum';
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (type === 'boolean' || type === 'integer' || type === 'number' || type === 'string') return type;
  if (type === 'array' && prop.items && prop.items.type === 'string' && !Array.isArray(prop.items.enum)) return 'string-list';
  return 'json';
}

/** What a field shows for `value` (the saved value, else the schema's default). */
export function displayValue(field, value) {
  const v = value === undefined ? field.schema.default : value;
  if (field.kind === 'boolean') return v === true;
  if (v === undefined || v === null) return '';
  if (field.kind === 'string-list') return Array.isArray(v) ? v.join('\n') : '';
  if (field.kind === 'json') return JSON.stringify(v, null, 2);
  return String(v);
}

/**
 * The value of a field from what the control holds (`raw`: text, or a boolean for checkboxes):
 * `{ value }`, `{ value: undefined }` for an empty optional field (the default applies), or
 * `{ error }` with a sentence for the admin.
 */
export function parseField(field, raw) {
  const s = field.schema;
  if (field.kind === 'boolean') return { value: raw === true };
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return field.required && s.default === undefined ? { error: 'Required.' } : { value: undefined };
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: 'Enter a number.' };
      if (field.kind === 'integer' && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
      if (s.minimum !== undefined && n < s.minimum) return { error: `At least ${s.minimum}.` };
      if (s.maximum !== undefined && n > s.maximum) return { error: `At most ${s.maximum}.` };
      if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return { error: `More than ${s.exclusiveMinimum}.` };
      if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) return { error: `Less than ${s.exclusiveMaximum}.` };
      return { value: n };
    }
    case 'enum': {
      const match = s.enum.find((option) => String(option) === text);
      return match === undefined ? { error: `One of: ${s.enum.join(', ')}.` } : { value: match };
    }
    case 'string':
      return checkString(s, text, '');
    case 'string-list': {
      const items = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const item = s.items || {};
      for (const [i, value] of items.entries()) {
        const checked = checkString(item, value, `Line ${i + 1}: `);
        if (checked.error) return checked;
      }
      if (s.minItems !== undefined && items.length < s.minItems) return { error: `At least ${s.minItems} lines.` };
      if (s.maxItems !== undefined && items.length > s.maxItems) return { error: `At most ${s.maxItems} lines.` };
      return { value: items };
    }
    default:
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: 'Not valid JSON.' };
      }
  }
}

function checkString(s, text, prefix) {
  if (s.minLength !== undefined && text.length < s.minLength) return { error: `${prefix}At least ${s.minLength} characters.` };
  if (s.maxLength !== undefined && text.length > s.maxLength) return { error: `${prefix}At most ${s.maxLength} characters.` };
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(text)) return { error: `${prefix}Does not match the pattern ${s.pattern}.` };
  if (s.format === 'email' && !/^[^@\s]+@[^@\s]+$/.test(text)) return { error: `${prefix}Enter an email address.` };
  return { value: text };
}

/**
 * The config object to send: every field's value, leaving out those equal to the schema default
 * that the saved config did not set (so a config stays as small as the admin made it), and keeping
 * keys the schema does not describe out of it. `errors` lists `{ name, error }` per bad field.
 */
export function collectConfig(fields, raws, saved = {}) {
  const config = {};
  const errors = [];
  for (const field of fields) {
    const parsed = parseField(field, raws[field.name]);
    if (parsed.error) {
      errors.push({ name: field.name, error: parsed.error });
      continue;
    }
    if (parsed.value === undefined) continue;
    const isDefault = JSON.stringify(parsed.value) === JSON.stringify(field.schema.default);
    if (isDefault && !(field.name in saved)) continue;
    config[field.name] = parsed.value;
  }
  return { config, errors };
}
