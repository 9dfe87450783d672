// @ts-check
import { field, h, uid } from './dom.js';
import { fieldError } from './errors.js';
import { collectConfig, displayValue, fieldsOf, localeName, localesOf } from './schema-values.js';

/** @typedef {import('./schema-values.js').ConfigField} ConfigField */
/** @typedef {import('./schema-values.js').ConfigSchema} ConfigSchema */
/** @typedef {import('./schema-values.js').RawValue} RawValue */
/** @typedef {{ error: string, part?: string }} FieldProblem */
/**
 * What the form needs of a field's controls: `element` to show, `controls` to listen to, `raw()`
 * (what they hold), `mark(error)` (show or clear `{ error, part }`) and `focus(part)`.
 * @typedef {{ element: HTMLElement, controls: HTMLElement[], raw: () => RawValue, mark: (error: FieldProblem | undefined) => void, focus: (part?: string) => void }} Widget
 */
/**
 * What `read()` gives: the config to send, or the problems it marked.
 * @typedef {{ config: Record<string, unknown>, errors?: undefined } | { errors: Array<FieldProblem & { name: string }>, config?: undefined }} FormRead
 */

/**
 * A form generated from a plugin's config JSON Schema: one labelled control per property (title as
 * label, description as help text, default shown), checked as the admin types and before sending;
 * a localized property (`"x-localized": true`) gets one text box per locale of `locales` (the
 * realm's supported locales). Controls carry `data-path="<pathPrefix>/<name>"` (a locale's box
 * `…/<name>/<locale>`), so the API's errors land on their field.
 * Returns `{ element, read() }`: `read()` gives `{ config }`, or `{ errors }` after marking the
 * fields (and focusing the first bad one). `emptyText` is shown when the schema has no options.
 * @param {ConfigSchema | null | undefined} schema
 * @param {Record<string, unknown>} [saved]
 * @param {{ pathPrefix?: string, emptyText?: string, locales?: readonly string[] }} [options]
 * @returns {{ element: HTMLDivElement, read: () => FormRead }}
 */
export function schemaForm(schema, saved = {}, { pathPrefix = '/config', emptyText = 'This step has no settings.', locales = [] } = {}) {
  const fields = fieldsOf(schema);
  /** @type {Map<string, Widget>} */
  const widgets = new Map();
  const element = h('div', { class: 'ad-schema-form' });
  if (fields.length === 0) element.append(h('p', { class: 'fg-hint', text: emptyText }));
  for (const f of fields) {
    const help = [f.description, f.schema.default !== undefined ? `Default: ${JSON.stringify(f.schema.default)}.` : ''].filter(Boolean).join(' ');
    const path = `${pathPrefix}/${f.name}`;
    const widget = f.kind === 'localized' ? localizedWidget(f, saved[f.name], path, help, locales) : singleWidget(f, saved[f.name], path, help);
    element.append(widget.element);
    widgets.set(f.name, widget);
    const check = () => widget.mark(collectConfig([f], { [f.name]: widget.raw() }).errors[0]);
    for (const control of widget.controls) {
      control.addEventListener('change', check);
      // A marked field is re-checked as the admin types, so its message goes as soon as the value is
      // fixed: cleared only on blur, the message's removal would shift the Save button away from
      // under the pointer between press and release, and that click would be lost.
      control.addEventListener('input', () => { if (control.getAttribute('aria-invalid') === 'true') check(); });
    }
  }
  /** @returns {FormRead} */
  const read = () => {
    const raws = Object.fromEntries([...widgets].map(([name, widget]) => [name, widget.raw()]));
    const { config, errors } = collectConfig(fields, raws, saved || {});
    for (const [name, widget] of widgets) widget.mark(errors.find((e) => e.name === name));
    if (errors.length > 0) {
      widgets.get(errors[0].name)?.focus(errors[0].part);
      return { errors };
    }
    return { config };
  };
  return { element, read };
}

/**
 * One control for the field.
 * @param {ConfigField} f
 * @param {unknown} value
 * @param {string} path
 * @param {string} help
 * @returns {Widget}
 */
function singleWidget(f, value, path, help) {
  const control = controlFor(f, value);
  control.dataset.path = path;
  return {
    element: field(f.title, control, help).field,
    controls: [control],
    raw: () => (control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value),
    mark: (error) => fieldError(control, error ? error.error : ''),
    focus: () => control.focus(),
  };
}

/**
 * One text box per locale, labelled "<title> (<locale's own name>)", in a group named by the title.
 * @param {ConfigField} f
 * @param {unknown} value
 * @param {string} path
 * @param {string} help
 * @param {readonly string[]} realmLocales
 * @returns {Widget}
 */
function localizedWidget(f, value, path, help, realmLocales) {
  const shown = /** @type {Record<string, string>} */ (displayValue(f, value));
  const boxes = new Map(localesOf(f, realmLocales, shown).map((locale) => [locale, h('textarea', {
    id: uid('cfg'), class: 'fg-textarea', rows: '4', lang: locale, text: shown[locale] || '', dataset: { path: `${path}/${locale}` },
    required: (f.schema.required || []).includes(locale),
  })]));
  const helpEl = help ? h('p', { class: 'fg-hint', id: uid('help'), text: help }) : null;
  const element = h('fieldset', { class: 'ad-locales', 'aria-describedby': helpEl ? helpEl.id : undefined },
    h('legend', { class: 'fg-label', text: f.title }), helpEl,
    [...boxes].map(([locale, box]) => h('div', { class: 'fg-field' },
      h('label', { class: 'fg-label', for: box.id }, `${f.title} (`, h('span', { lang: locale, text: localeName(locale) }), ')'), box)));
  // There is a box for at least one locale (`localesOf`).
  const first = /** @type {HTMLTextAreaElement} */ (boxes.values().next().value);
  /** @param {string | undefined} part the locale a problem is about */
  const boxOf = (part) => (part !== undefined && boxes.get(part)) || first;
  return {
    element,
    controls: [...boxes.values()],
    raw: () => Object.fromEntries([...boxes].map(([locale, box]) => [locale, box.value])),
    mark: (error) => {
      for (const box of boxes.values()) fieldError(box, '');
      if (error) fieldError(boxOf(error.part), error.error);
    },
    focus: (part) => boxOf(part).focus(),
  };
}

/**
 * @param {ConfigField} f
 * @param {unknown} value
 * @returns {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement}
 */
function controlFor(f, value) {
  const id = uid('cfg');
  const shown = displayValue(f, value);
  switch (f.kind) {
    case 'boolean':
      return h('input', { type: 'checkbox', class: 'fg-checkbox', id, checked: shown });
    case 'enum':
      return h('select', { id }, [
        f.required ? null : h('option', { value: '', text: '(default)' }),
        ...(f.schema.enum || []).map((option) => h('option', { value: String(option), text: String(option), selected: String(option) === shown })),
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
