// @ts-check
import { get, seg } from '../api.js';
import { field, h, replace, table, when } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @typedef {import('../api-types').EventList} EventList */

/**
 * Events of the realm, newest first, filtered by type, user, client and time.
 * @param {ViewContext} context
 */
export async function eventsView({ realm }) {
  const r = seg(realm);
  const box = errorBox();
  const results = h('div');
  const type = h('input', { type: 'text', dataset: { path: 'type' } });
  const user = h('input', { type: 'text' });
  const client = h('input', { type: 'text' });
  const from = h('input', { type: 'datetime-local' });
  const to = h('input', { type: 'datetime-local' });
  const load = async () => {
    const q = new URLSearchParams();
    if (type.value.trim()) q.set('type', type.value.trim());
    if (user.value.trim()) q.set('user', user.value.trim());
    if (client.value.trim()) q.set('client', client.value.trim());
    if (from.value) q.set('from', String(new Date(from.value).getTime()));
    if (to.value) q.set('to', String(new Date(to.value).getTime()));
    q.set('max', '100');
    /** @type {EventList} */
    const { events } = await get(`/realms/${r}/events?${q}`);
    replace(results, table(`Events of ${realm} (newest first)`, [
      ['Time', (e) => when(e.time)],
      ['Type', (e) => e.type],
      ['User', (e) => (e.userId ? h('a', { href: `#/${r}/users/${seg(e.userId)}` }, e.userId) : '—')],
      ['Client', (e) => e.clientId || '—'],
      ['Error', (e) => e.error || '—'],
      ['Details', (e) => (e.details ? JSON.stringify(e.details) : '—')],
    ], events));
  };
  const form = h('form', { class: 'ad-filters', onsubmit: (e) => { e.preventDefault(); attempt(box, form, load); } },
    field('Type (e.g. LOGIN)', type).field, field('User id', user).field, field('Client id', client).field,
    field('From', from).field, field('To', to).field, h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Filter'));
  await load();
  return [h('h1', { text: `Events of ${realm}` }), form, box, results];
}
