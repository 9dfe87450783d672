// @ts-check
/**
 * The logic of the config forms, apart from the DOM: which fields a plugin's JSON Schema gives,
 * how a field's text becomes a value, and the checks made before anything is sent (the server
 * checks again with ajv; these only spare a round trip). Kept free of `document` so it is tested
 * on its own.
 */

/** @typedef {import('./api-types').ConfigSchema} ConfigSchema */
/** @typedef {import('./api-types').ConfigProperty} ConfigProperty */
/** @typedef {'boolean' | 'enum' | 'integer' | 'number' | 'string' | 'string-list' | 'localized' | 'json'} FieldKind */
/**
 * One field of a config form: an option of the schema and how it is edited.
 * @typedef {{ name: string, kind: FieldKind, title: string, description: string | undefined, required: boolean, schema: ConfigProperty }} ConfigField
 */
/**
 * What a field's control holds: text, a checkbox's state, or a text per locale.
 * @typedef {string | boolean | Record<string, string> | undefined} RawValue
 */
/**
 * A field read: its value (undefined: left empty, the default applies), or why it cannot be
 * read, with `part`, the locale whose text it is about.
 * @typedef {{ value: unknown, error?: undefined, part?: undefined } | { error: string, part?: string, value?: undefined }} Parsed
 */

/**
 * The form fields of an object schema, in the schema's order. `kind` is `boolean`, `enum`,
 * `integer`, `number`, `string`, `string-list` (array of strings), `localized` (an object marked
 * `"x-localized": true`: a text by locale, one text box per locale) or `json` (anything else,
 * edited as JSON text).
 * @param {ConfigSchema | null | undefined} schema
 * @returns {ConfigField[]}
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

/**
 * @param {ConfigProperty} prop
 * @returns {FieldKind}
 */
function kindOf(prop) {
  if (Array.isArray(prop.enum)) return 'enum';
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (type === 'object' && prop['x-localized'] === true) return 'localized';
  if (type === 'boolean' || type === 'integer' || type === 'number' || type === 'string') return type;
  if (type === 'array' && prop.items && prop.items.type === 'string' && !Array.isArray(prop.items.enum)) return 'string-list';
  return 'json';
}

/**
 * What a field shows for `value` (the saved value, else the schema's default): a checkbox's state,
 * a text per locale for a `localized` field, text otherwise.
 * @param {ConfigField} field
 * @param {unknown} value
 * @returns {string | boolean | Record<string, string>}
 */
export function displayValue(field, value) {
  const v = value === undefined ? field.schema.default : value;
  if (field.kind === 'boolean') return v === true;
  if (field.kind === 'localized') return v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([l, t]) => [l, String(t)])) : {};
  if (v === undefined || v === null) return '';
  if (field.kind === 'string-list') return Array.isArray(v) ? v.join('\n') : '';
  if (field.kind === 'json') return JSON.stringify(v, null, 2);
  return String(v);
}

/**
 * A field's value as text to read (a built-in flow's settings), `(default)` when not set.
 * @param {ConfigField} field
 * @param {unknown} value
 */
export function describeValue(field, value) {
  const v = value === undefined ? field.schema.default : value;
  let text;
  if (v === undefined || v === null) text = 'Not set';
  else if (field.kind === 'boolean') text = v === true ? 'Yes' : 'No';
  else if (field.kind === 'string-list' && Array.isArray(v)) text = v.length > 0 ? v.join('\n') : 'None';
  else if (field.kind === 'localized' && typeof v === 'object') text = Object.entries(v).map(([l, t]) => `${localeName(l)}: ${t}`).join('\n');
  else if (typeof v === 'object') text = JSON.stringify(v, null, 2);
  else text = String(v);
  return value === undefined && v !== undefined ? `${text} (default)` : text;
}

/**
 * The locales a `localized` field has a text box for: the realm's supported locales, then those
 * its schema names (a required `en`) and those `value` holds, so no saved text goes unseen.
 * @param {ConfigField} field
 * @param {readonly string[]} [realmLocales]
 * @param {Record<string, string>} [value]
 */
export function localesOf(field, realmLocales = [], value = {}) {
  const s = field.schema;
  const all = new Set([...realmLocales, ...(s.required || []), ...Object.keys(s.properties || {}), ...Object.keys(value)]);
  return all.size > 0 ? [...all] : ['en'];
}

/**
 * A locale's name in its own language, e.g. `Deutsch` for `de`; the code itself when unknown.
 * @param {string} locale
 */
export function localeName(locale) {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : locale;
  } catch {
    return locale;
  }
}

/**
 * The value of a field from what the control holds (`raw`: text, a boolean for checkboxes, or
 * `{ <locale>: text }` for a localized field): `{ value }`, `{ value: undefined }` for an empty
 * optional field (the default applies), or `{ error }` with a sentence for the admin (and `part`,
 * the locale whose text it is about).
 * @param {ConfigField} field
 * @param {RawValue} raw
 * @returns {Parsed}
 */
export function parseField(field, raw) {
  const s = field.schema;
  if (field.kind === 'boolean') return { value: raw === true };
  if (field.kind === 'localized') return parseLocalized(field, typeof raw === 'object' ? raw : {});
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
      const options = s.enum || [];
      const match = options.find((option) => String(option) === text);
      return match === undefined ? { error: `One of: ${options.join(', ')}.` } : { value: match };
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

/**
 * Empty texts are left out; a locale the schema requires, or any when the whole field is required, must have one.
 * @param {ConfigField} field
 * @param {Record<string, string>} raw
 * @returns {Parsed}
 */
function parseLocalized(field, raw) {
  const s = field.schema;
  const texts = Object.entries(raw).map(([locale, t]) => [locale, typeof t === 'string' ? t.trim() : '']);
  const filled = texts.filter(([, t]) => t !== '');
  if (filled.length === 0 && !(field.required && s.default === undefined)) return { value: undefined };
  const required = new Set(s.required || []);
  const missing = texts.find(([locale, t]) => t === '' && (required.has(locale) || filled.length === 0));
  if (missing) return { error: 'Required.', part: missing[0] };
  for (const [locale, t] of filled) {
    const each = (s.properties && s.properties[locale]) || (typeof s.additionalProperties === 'object' ? s.additionalProperties : {});
    const checked = checkString(each, t, '');
    if (checked.error) return { error: checked.error, part: locale };
  }
  return { value: Object.fromEntries(filled) };
}

/**
 * @param {ConfigProperty} s
 * @param {string} text
 * @param {string} prefix
 * @returns {Parsed}
 */
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
 * keys the schema does not describe out of it. `errors` lists `{ name, error, part }` per bad field.
 * @param {readonly ConfigField[]} fields
 * @param {Record<string, RawValue>} raws
 * @param {Record<string, unknown>} [saved]
 * @returns {{ config: Record<string, unknown>, errors: Array<{ name: string, error: string, part: string | undefined }> }}
 */
export function collectConfig(fields, raws, saved = {}) {
  /** @type {Record<string, unknown>} */
  const config = {};
  /** @type {Array<{ name: string, error: string, part: string | undefined }>} */
  const errors = [];
  for (const field of fields) {
    const parsed = parseField(field, raws[field.name]);
    if (parsed.error) {
      errors.push({ name: field.name, error: parsed.error, part: parsed.part });
      continue;
    }
    if (parsed.value === undefined) continue;
    const isDefault = JSON.stringify(parsed.value) === JSON.stringify(field.schema.default);
    if (isDefault && !(field.name in saved)) continue;
    config[field.name] = parsed.value;
  }
  return { config, errors };
}
