// @ts-check
import { get } from '../api.js';
import { field, h, replace, table, when } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../api-types').AuditEntry} AuditEntry */
/** @typedef {import('../api-types').AuditEntryList} AuditEntryList */

/**
 * A before/after pair, folded: audit values can be whole flows.
 * @param {AuditEntry} entry
 */
function change(entry) {
  if (entry.before === undefined && entry.after === undefined) return '—';
  /**
   * @param {string} title
   * @param {unknown} value
   */
  const part = (title, value) => [h('h3', { class: 'fg-hint', text: title }), h('pre', { class: 'ad-mail-text', text: value === undefined ? '(nothing)' : JSON.stringify(value, null, 2) })];
  return h('details', { class: 'ad-config' }, h('summary', { text: `Before and after (${entry.action})` }), part('Before', entry.before), part('After', entry.after));
}

/**
 * The admin audit: every change made through the admin API, newest first — who (and whether by
 * console session or API token), what, on which resource, the resource before and after.
 * Filtered by realm, actor, resource (a trailing `/` matches everything under it) and time.
 */
export async function auditView() {
  const box = errorBox();
  const results = h('div');
  const realmInput = h('input', { type: 'text', dataset: { path: 'realm' } });
  const actor = h('input', { type: 'text', dataset: { path: 'actor' } });
  const resource = h('input', { type: 'text', dataset: { path: 'resource' } });
  const from = h('input', { type: 'datetime-local', dataset: { path: 'from' } });
  const to = h('input', { type: 'datetime-local', dataset: { path: 'to' } });
  const load = async () => {
    const q = new URLSearchParams();
    for (const [key, input] of /** @type {const} */ ([['realm', realmInput], ['actor', actor], ['resource', resource]])) if (input.value.trim()) q.set(key, input.value.trim());
    if (from.value) q.set('from', String(new Date(from.value).getTime()));
    if (to.value) q.set('to', String(new Date(to.value).getTime()));
    q.set('max', '100');
    /** @type {AuditEntryList} */
    const { entries } = await get(`/audit?${q}`);
    replace(results, table('Admin changes (newest first)', [
      ['Time', (e) => when(e.time)],
      ['Who', (e) => `${e.actorEmail} (${e.via === 'token' ? `API token ${e.tokenId || ''}`.trim() : 'console'})`],
      ['Action', (e) => e.action],
      ['Resource', (e) => h('span', { class: 'ad-code', text: e.resource })],
      ['Change', change],
    ], entries));
  };
  const form = h('form', { class: 'ad-filters', onsubmit: (e) => { e.preventDefault(); attempt(box, form, load); } },
    field('Realm (empty: all)', realmInput).field, field('Actor (user id)', actor).field,
    field('Resource (e.g. realms/main/flows/)', resource).field, field('From', from).field, field('To', to).field,
    h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Filter'));
  await attempt(box, form, load);
  return [h('h1', { text: 'Admin audit' }), h('p', { class: 'fg-lead', text: 'Who changed what through the admin API and the console, with the resource before and after.' }), form, box, results];
}
