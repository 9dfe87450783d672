// @ts-check
import { call, get, seg } from '../api.js';
import { announce, field, h, uid } from '../dom.js';
import { attempt, errorBox } from '../errors.js';
import { schemaForm } from '../schema-form.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').RealmSettings} RealmSettings */
/** @typedef {import('../api-types').RequiredAction} RequiredAction */
/** @typedef {import('../api-types').RequiredActionList} RequiredActionList */
/** @typedef {import('../api-types').RequiredActionUpdate} RequiredActionUpdate */

/**
 * Required actions of the realm, in the order they run: for each, whether it runs, whether every
 * new user gets it, its priority and its options, the options form generated from the action's
 * config JSON Schema exactly like a flow step's. Saves carry the realm's version (If-Match).
 * @param {ViewContext} context
 */
export async function requiredActionsView({ realm }) {
  const r = seg(realm);
  // The realm's locales: an option that is a text by locale gets a box for each.
  const [first, { settings }] = await Promise.all([
    /** @type {Promise<ApiAnswer<RequiredActionList>>} */ (call('GET', `/realms/${r}/required-actions`)),
    /** @type {Promise<RealmSettings>} */ (get(`/realms/${r}`)),
  ]);
  let etag = first.etag;
  const box = errorBox();

  /** @param {RequiredAction} a */
  const actionForm = (a) => {
    const enabled = h('input', { type: 'checkbox', checked: a.enabled, dataset: { path: '/enabled' } });
    const byDefault = h('input', { type: 'checkbox', checked: a.defaultAction, dataset: { path: '/defaultAction' } });
    const priority = h('input', { type: 'number', step: '1', value: String(a.priority), dataset: { path: '/priority' } });
    const options = schemaForm(a.configSchema, a.config || {}, { emptyText: 'This action has no options.', locales: settings.supportedLocales });
    const hasOptions = Boolean(a.configSchema && a.configSchema.properties && Object.keys(a.configSchema.properties).length > 0);
    const save = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, `Save ${a.displayName}`);
    const status = h('p', { role: 'status', text: a.configured ? '' : 'Not listed in the realm: it does not run until saved enabled.' });
    const form = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const read = options.read();
      if (read.errors) return;
      // A priority that is no whole number is sent as typed: the server refuses it at /priority, next to the field.
      /** @type {Omit<RequiredActionUpdate, 'priority'> & { priority: number | string }} */
      const body = { enabled: enabled.checked, defaultAction: byDefault.checked, priority: Number(priority.value) };
      if (hasOptions || a.config) body.config = read.config;
      if (priority.value.trim() === '' || !Number.isInteger(body.priority)) body.priority = priority.value;
      /** @type {ApiAnswer<RequiredAction> | undefined} */
      const res = await attempt(box, form, () => call('PUT', `/realms/${r}/required-actions/${seg(a.id)}`, { body, etag }), save);
      if (res) {
        etag = res.etag || etag;
        status.textContent = `Saved: ${res.body.enabled ? 'runs' : 'does not run'}${res.body.defaultAction ? ', given to every account created from now on' : ''}, priority ${res.body.priority}.`;
        announce(`${a.displayName} saved.`);
      }
    } },
    field('Enabled (runs when pending)', enabled).field,
    field('Default action (every new user gets it)', byDefault, 'Only accounts created from now on get it; people who already have an account are not asked. An action may ask them by its own options (the terms: "Ask everyone").').field,
    field('Priority', priority, 'Lower runs first among pending actions.').field,
    h('fieldset', {}, h('legend', { text: `Options of ${a.displayName}` }), options.element),
    save, status);
    const heading = uid('action-h');
    return h('section', { 'aria-labelledby': heading, class: 'ad-node' },
      h('h2', { id: heading, text: a.displayName }),
      h('p', { class: 'fg-hint' }, a.helpText || '', ' ', h('span', { class: 'ad-code', text: `(${a.id})` })),
      form);
  };

  return [
    h('h1', { text: `Required actions of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'Steps a person completes after signing in (update profile, verify email, accept terms…). Enabled ones are listed first, in the order they run.' }),
    box,
    first.body.requiredActions.map(actionForm),
  ];
}
