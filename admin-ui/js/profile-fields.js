// @ts-check
import { field, h } from './dom.js';

/** @typedef {import('./api-types').ProfileAttribute} ProfileAttribute */
/**
 * What a field holds, with the attribute and its stored value: `input` is a checkbox's state or
 * the typed text.
 * @typedef {{ attr: ProfileAttribute, current: string | undefined, input: string | boolean }} FieldInput
 */

/**
 * An attribute's label in English, else its first label, else its name.
 * @param {Pick<ProfileAttribute, 'name' | 'label'>} attr
 */
export function labelOf(attr) {
  const labels = attr.label || {};
  return labels.en || Object.values(labels)[0] || attr.name;
}

/**
 * The hint under a field: what the profile requires of its values.
 * @param {Pick<ProfileAttribute, 'required' | 'validation'>} attr
 */
export function rulesOf(attr) {
  const v = attr.validation || {};
  const parts = [attr.required ? 'Required.' : 'Optional.'];
  if (v.minLength !== undefined) parts.push(`At least ${v.minLength} characters.`);
  if (v.maxLength !== undefined) parts.push(`At most ${v.maxLength} characters.`);
  if (v.min !== undefined) parts.push(`At least ${v.min}.`);
  if (v.max !== undefined) parts.push(`At most ${v.max}.`);
  if (Array.isArray(v.enum)) parts.push(`One of: ${v.enum.join(', ')}.`);
  return parts.join(' ');
}

/**
 * The control an attribute gets: a checkbox for a boolean, a list for an `enum`, a number or email
 * input for those types, text otherwise.
 * @param {Pick<ProfileAttribute, 'type' | 'validation'>} attr
 * @returns {'checkbox' | 'select' | 'number' | 'email' | 'text'}
 */
export function controlKind(attr) {
  if (attr.type === 'boolean') return 'checkbox';
  if (Array.isArray((attr.validation || {}).enum)) return 'select';
  return attr.type === 'number' ? 'number' : attr.type === 'email' ? 'email' : 'text';
}

/**
 * The `attributes` body from what the fields hold: a boolean for a checkbox, the text (trimmed)
 * otherwise, an emptied field as `null` (clears it). With `onlyChanged`, only the attributes whose
 * value differs from the stored one (an unset checkbox counts as `false`), so an edit does not
 * re-check untouched values against rules made after they were stored.
 * @param {readonly FieldInput[]} inputs
 * @param {boolean} onlyChanged
 * @returns {Record<string, string | boolean | null>}
 */
export function attributesBody(inputs, onlyChanged) {
  /** @type {Record<string, string | boolean | null>} */
  const body = {};
  for (const { attr, current, input } of inputs) {
    const text = attr.type === 'boolean' ? String(input) : String(input).trim();
    if (onlyChanged && text === (current === undefined ? (attr.type === 'boolean' ? 'false' : '') : current)) continue;
    if (attr.type === 'boolean') body[attr.name] = input === true;
    else body[attr.name] = text === '' ? null : text;
  }
  return body;
}

/**
 * Form fields for a user's profile attributes, generated from the realm's user profile (the
 * same one the update-profile page shows), as `controlKind` says, with the rules as hints.
 * `values` are the user's attributes (name → values). Controls carry
 * `data-path="/attributes/<name>"`, where the API puts its refusals. `read(onlyChanged)` gives the
 * `attributes` body (`attributesBody`).
 * @param {readonly ProfileAttribute[]} attributes
 * @param {Record<string, string[]>} [values]
 */
export function profileFields(attributes, values = {}) {
  const controls = attributes.map((attr) => {
    const current = (values[attr.name] || [])[0];
    const path = `/attributes/${attr.name}`;
    const kind = controlKind(attr);
    /** @type {HTMLInputElement | HTMLSelectElement} */
    let control;
    if (kind === 'checkbox') control = h('input', { type: 'checkbox', checked: current === 'true', dataset: { path } });
    else if (kind === 'select') {
      control = h('select', { dataset: { path } }, ['', ...(attr.validation.enum || [])].map((option) => h('option', { value: option, text: option || '(none)', selected: option === (current || '') })));
    } else control = h('input', { type: kind, value: current || '', dataset: { path } });
    return { attr, control, current };
  });
  const fields = controls.map(({ attr, control }) => field(labelOf(attr), control, rulesOf(attr)).field);
  /** @param {boolean} onlyChanged */
  const read = (onlyChanged) => attributesBody(controls.map(({ attr, control, current }) => ({
    attr,
    current,
    input: control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value,
  })), onlyChanged);
  return { fields, read };
}
