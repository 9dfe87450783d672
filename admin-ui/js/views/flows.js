// @ts-check
import { call, get, seg } from '../api.js';
import { field, h, table } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @typedef {import('../api-types').FlowList} FlowList */
/** @typedef {import('../api-types').FlowSummary} FlowSummary */
/** @typedef {import('../api-types').FlowTree} FlowTree */
/** @typedef {import('../api-types').FlowAlias} FlowAlias */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */

/**
 * Flows list: every flow of the realm, built-in ones marked read-only, with a copy form.
 * @param {ViewContext} context
 */
export async function flowsView({ realm }) {
  /** @type {FlowList} */
  const { flows } = await get(`/realms/${seg(realm)}/flows`);
  const r = seg(realm);
  /** @param {FlowSummary} f */
  const usage = (f) => [...f.usage.bindings.map((b) => `bound: ${b}`), ...f.usage.clients.map((c) => `client ${c.clientId}: ${c.slot}`), ...f.usage.flows.map((x) => `used by ${x}`)].join('; ') || 'not used';
  return [
    h('h1', { text: `Flows of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'A flow is a tree of steps. Built-in flows come from the flows directory and are read-only: copy one to change it.' }),
    table('Flows', [
      ['Alias', (f) => h('a', { href: `#/${r}/flows/${seg(f.alias)}` }, f.alias)],
      ['Description', (f) => f.description || ''],
      ['Kind', (f) => (f.builtIn ? h('span', { class: 'fg-badge', text: 'Built-in (read-only)' }) : 'Editable')],
      ['Usage', usage],
      ['Actions', (f) => copyForm(realm, f.alias)],
    ], flows),
  ];
}

/**
 * A small form copying flow `alias` under a new alias, then opening the copy; a refusal focuses the alias.
 * @param {string} realm
 * @param {string} alias
 */
export function copyForm(realm, alias) {
  const input = h('input', { type: 'text', name: 'alias', value: `${alias}-copy`, pattern: '[a-z0-9][a-z0-9\\-]*', dataset: { path: '/alias' } });
  const box = errorBox();
  const { field: wrap } = field(`New alias for the copy of ${alias}`, input);
  const form = h('form', { class: 'ad-inline', onsubmit: async (e) => {
    e.preventDefault();
    /** @type {FlowAlias} */
    const body = { alias: input.value.trim() };
    /** @type {ApiAnswer<FlowTree> | undefined} */
    const done = await attempt(box, form, () => call('POST', `/realms/${seg(realm)}/flows/${seg(alias)}/copy`, { body }), submit);
    if (done) location.hash = `#/${seg(realm)}/flows/${seg(done.body.alias)}`;
    // Submitted from elsewhere on the page too ("Copy to change"): take the admin to what to fix.
    else input.focus();
  } }, wrap);
  const submit = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, `Copy ${alias}`);
  form.append(submit, box);
  return form;
}

