// @ts-check
import { call, seg } from '../api.js';
import { announce, button, field, h, replace, uid } from '../dom.js';
import { attempt, errorBox, fieldError } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').ProfileAttribute} ProfileAttribute */
/** @typedef {import('../api-types').UserProfile} UserProfile */
/** @typedef {import('../api-types').UserProfileReplace} UserProfileReplace */
/**
 * An attribute as the form holds it: the API's, with its type and rules as typed (the server checks them).
 * @typedef {Omit<ProfileAttribute, 'type' | 'validation'> & { type: string, validation: unknown }} Draft
 */

/** @type {readonly ProfileAttribute['type'][]} */
const TYPES = ['string', 'email', 'number', 'boolean'];

/**
 * `en: First name` lines as `{ en: 'First name' }`; `undefined` when a line has no `locale:`.
 * @param {string} text
 */
function parseLabels(text) {
  /** @type {Record<string, string>} */
  const label = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf(':');
    if (at < 1) return undefined;
    label[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return label;
}

/**
 * One attribute's controls; `read()` gives the attribute, or undefined after marking a field it cannot read.
 * @param {Draft} attr
 * @param {number} index
 * @returns {{ fields: HTMLDivElement[], read: () => Draft | undefined }}
 */
function attributeEditor(attr, index) {
  const at = `/attributes/${index}`;
  const name = h('input', { type: 'text', value: attr.name || '', autocomplete: 'off', dataset: { path: `${at}/name` } });
  const type = h('select', { dataset: { path: `${at}/type` } }, TYPES.map((t) => h('option', { value: t, text: t, selected: t === (attr.type || 'string') })));
  const required = h('input', { type: 'checkbox', checked: Boolean(attr.required), dataset: { path: `${at}/required` } });
  const labels = h('textarea', { rows: '2', text: Object.entries(attr.label || {}).map(([l, t]) => `${l}: ${t}`).join('\n'), dataset: { path: `${at}/label` } });
  const validation = h('textarea', { rows: '2', text: JSON.stringify(attr.validation || {}), dataset: { path: `${at}/validation` } });
  const read = () => {
    const label = parseLabels(labels.value);
    fieldError(labels, label ? '' : 'Write one label per line as locale: text, e.g. en: First name.');
    let rules;
    try { rules = JSON.parse(validation.value.trim() || '{}'); fieldError(validation, ''); } catch { fieldError(validation, 'Not valid JSON, e.g. {"maxLength": 100}.'); }
    if (!label || rules === undefined) return undefined;
    // Fields this form does not show are kept as they were.
    return { ...attr, name: name.value.trim(), type: type.value, required: required.checked, validation: rules, label };
  };
  const fields = [
    field('Name', name, 'The attribute on the user and the form field, e.g. firstName.').field,
    field('Type', type).field,
    field('Required', required).field,
    field('Label by locale (one per line, locale: text)', labels).field,
    field('Validation (JSON)', validation, 'minLength, maxLength, pattern, enum for strings; min, max for numbers.').field,
  ];
  return { fields, read };
}

/**
 * The realm's user profile: the attributes people give on the update-profile page and admins
 * edit on the user page, in form order: name, type, required, labels and validation rules. The
 * profile is saved as a whole with the realm's version (If-Match) and checked as the realm file's
 * `userProfile` is at boot; refusals land on the attribute's field.
 * @param {ViewContext} context
 */
export async function userProfileView({ realm }) {
  const r = seg(realm);
  /** @type {ApiAnswer<UserProfile>} */
  const first = await call('GET', `/realms/${r}/user-profile`);
  let etag = first.etag;
  /** @type {Draft[]} */
  let drafts = first.body.attributes.map((a) => ({ ...a }));
  /** @type {ReturnType<typeof attributeEditor>[]} */
  let editors = [];
  const box = errorBox();
  const list = h('div');
  const status = h('p', { role: 'status', text: first.body.custom ? '' : 'This realm has the default profile (first and last name, required). Saving makes it the realm\'s own.' });

  // Reads what is typed into the drafts before the list is redrawn, so moving or adding loses
  // nothing; while a field cannot be read (it is marked), the list is not redrawn.
  const keep = () => {
    const read = editors.map((e) => e.read());
    if (read.some((a) => a === undefined)) return false;
    drafts = /** @type {Draft[]} */ (read);
    return true;
  };
  const draw = () => {
    editors = drafts.map(attributeEditor);
    replace(list, drafts.length === 0 ? h('p', { text: 'No attributes: people give only their email.' }) : editors.map((editor, i) => {
      const heading = uid('attr-h');
      /** @param {number} delta */
      const move = (delta) => () => {
        if (!keep()) return;
        const [moved] = drafts.splice(i, 1);
        drafts.splice(i + delta, 0, moved);
        draw();
        list.querySelectorAll('fieldset')[i + delta].querySelector('input')?.focus();
      };
      const label = drafts[i].name || `attribute ${i + 1}`;
      return h('fieldset', { class: 'ad-node', 'aria-labelledby': heading },
        h('legend', { id: heading, text: `Attribute ${i + 1}: ${label}` }),
        editor.fields,
        h('div', { class: 'ad-actions' },
          i > 0 ? button('Move up', move(-1), 'secondary', { 'aria-label': `Move up: ${label}` }) : null,
          i < drafts.length - 1 ? button('Move down', move(1), 'secondary', { 'aria-label': `Move down: ${label}` }) : null,
          button('Remove', () => { if (!keep()) return; drafts.splice(i, 1); draw(); }, 'danger', { 'aria-label': `Remove: ${label}` })));
    }));
  };
  draw();

  const add = button('Add attribute', () => {
    if (!keep()) return;
    drafts.push({ name: '', type: 'string', required: false, validation: {}, label: {} });
    draw();
    list.querySelectorAll('fieldset')[drafts.length - 1].querySelector('input')?.focus();
  });
  const save = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, 'Save profile');
  const form = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const attributes = editors.map((ed) => ed.read());
    if (attributes.some((a) => a === undefined)) return;
    /** @type {UserProfileReplace} */
    const body = { attributes };
    /** @type {ApiAnswer<UserProfile> | undefined} */
    const res = await attempt(box, form, () => call('PUT', `/realms/${r}/user-profile`, { body, etag }), save);
    if (res) {
      etag = res.etag || etag;
      drafts = res.body.attributes.map((a) => ({ ...a }));
      draw();
      status.textContent = `Saved: ${drafts.length} attributes.`;
      announce('Profile saved.');
    }
  } }, list, h('div', { class: 'ad-actions' }, add, save), status);

  return [
    h('h1', { text: `User profile of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'What people are asked for beyond their email. Values people already have stay; new rules apply to the next submission.' }),
    box,
    form,
  ];
}
