import { field, h } from './dom.js';

/** An attribute's label in English, else its first label, else its name. */
function labelOf(attr) {
  const labels = attr.label || {};
  return labels.en || Object.values(labels)[0] || attr.name;
}

/** The hint under a field: what the profile requires of its values. */
function rulesOf(attr) {
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
 * Form fields for a user's profile attributes, generated from the realm's user profile (the
 * same one the update-profile page shows): a checkbox for a boolean, a list for an `enum`, a
 * number or email input for those types, text otherwise. `values` are the user's attributes
 * (name → values). Controls carry `data-path="/attributes/<name>"`, where the API puts its
 * refusals. `read(onlyChanged)` gives the `attributes` body: values as typed, an emptied field
 * as `null` (clears it); with `onlyChanged`, only the attributes that differ from `values`, so an
 * edit does not re-check untouched values against rules made after they were stored.
 */
export function profileFields(attributes, values = {}) {
  const controls = attributes.map((attr) => {
    const current = (values[attr.name] || [])[0];
    const path = `/attributes/${attr.name}`;
    let control;
    if (attr.type === 'boolean') control = h('input', { type: 'checkbox', checked: current === 'true', dataset: { path } });
    else if (Array.isArray((attr.validation || {}).enum)) {
      control = h('select', { dataset: { path } }, ['', ...attr.validation.enum].map((option) => h('option', { value: option, text: option || '(none)', selected: option === (current || '') })));
    } else control = h('input', { type: attr.type === 'number' ? 'number' : attr.type === 'email' ? 'email' : 'text', value: current || '', dataset: { path } });
    return { attr, control, current };
  });
  const fields = controls.map(({ attr, control }) => field(labelOf(attr), control, rulesOf(attr)).field);
  const read = (onlyChanged) => {
    const body = {};
    for (const { attr, control, current } of controls) {
      const text = attr.type === 'boolean' ? String(control.checked) : control.value.trim();
      if (onlyChanged && text === (current === undefined ? (attr.type === 'boolean' ? 'false' : '') : current)) continue;
      if (attr.type === 'boolean') body[attr.name] = control.checked;
      else body[attr.name] = text === '' ? null : text;
    }
    return body;
  };
  return { fields, read };
}
