import { field, h, uid } from './dom.js';
import { fieldError } from './errors.js';
import { collectConfig, displayValue, fieldsOf } from './schema-values.js';

/**
 * A form generated from a plugin's config JSON Schema: one labelled control per property (title as
 * label, description as help text, default shown), checked as the admin types and before sending.
 * Controls carry `data-path="<pathPrefix>/<name>"`, so the API's errors land on their field.
 * Returns `{ element, read() }`: `read()` gives `{ config }`, or `{ errors }` after marking the
 * fields (and focusing the first bad one). `emptyText` is shown when the schema has no options.
 */
export function schemaForm(schema, saved = {}, pathPrefix = '/config', emptyText = 'This step has no settings.') {
  const fields = fieldsOf(schema);
  const controls = new Map();
  const element = h('div', { class: 'ad-schema-form' });
  if (fields.length === 0) element.append(h('p', { class: 'fg-hint', text: emptyText }));
  for (const f of fields) {
    const control = controlFor(f, saved[f.name]);
    control.dataset.path = `${pathPrefix}/${f.name}`;
    const help = [f.description, f.schema.default !== undefined ? `Default: ${JSON.stringify(f.schema.default)}.` : ''].filter(Boolean).join(' ');
    element.append(field(f.title, control, help).field);
    controls.set(f.name, control);
    const check = () => {
      const one = collectConfig([f], { [f.name]: rawOf(control) });
      fieldError(control, one.errors[0] ? one.errors[0].error : '');
    };
    control.addEventListener('change', check);
    // A marked field is re-checked as the admin types, so its message goes as soon as the value is
    // fixed: cleared only on blur, the message's removal would shift the Save button away from
    // under the pointer between press and release, and that click would be lost.
    control.addEventListener('input', () => { if (control.getAttribute('aria-invalid') === 'true') check(); });
  }
  const read = () => {
    const raws = Object.fromEntries([...controls].map(([name, control]) => [name, rawOf(control)]));
    const { config, errors } = collectConfig(fields, raws, saved || {});
    for (const [name, control] of controls) {
      const bad = errors.find((e) => e.name === name);
      fieldError(control, bad ? bad.error : '');
    }
    if (errors.length > 0) {
      controls.get(errors[0].name).focus();
      return { errors };
    }
    return { config };
  };
  return { element, read };
}

function rawOf(control) {
  return control.type === 'checkbox' ? control.checked : control.value;
}

function controlFor(f, value) {
  const id = uid('cfg');
  const shown = displayValue(f, value);
  switch (f.kind) {
    case 'boolean':
      return h('input', { type: 'checkbox', class: 'fg-checkbox', id, checked: shown });
    case 'enum':
      return h('select', { id }, [
        f.required ? null : h('option', { value: '', text: '(default)' }),
        ...f.schema.enum.map((option) => h('option', { value: String(option), text: String(option), selected: String(option) === shown })),
      ]);
    case 'integer':
    case 'number':
      return h('input', { type: 'number', id, value: shown, step: f.kind === 'integer' ? '1' : 'any', min: f.schema.minimum, max: f.schema.maximum, required: f.required });
    case 'string':
      return h('input', { type: 'text', id, value: shown, required: f.required, maxlength: f.schema.maxLength });
    default:
      return h('textarea', { id, rows: f.kind === 'json' ? '5' : '3', text: shown });
  }
}
