// @ts-check
import { call, seg } from '../api.js';
import { announce, button, field, h, uid } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').Client} Client */
/** @typedef {import('../api-types').ClientList} ClientList */
/** @typedef {import('../api-types').ClientCreate} ClientCreate */
/** @typedef {import('../api-types').ClientUpdate} ClientUpdate */

/**
 * Redirect URIs as typed: one per line, blank lines ignored.
 * @param {HTMLTextAreaElement} textarea
 */
function urisOf(textarea) {
  return textarea.value.split('\n').map((line) => line.trim()).filter(Boolean);
}

/**
 * Clients of the realm: each one's redirect URIs (edited as one URI per line) and flow overrides
 * (set on the bindings page); create, save, delete. Every write sends the realm's version
 * (If-Match), so a change someone else saved meanwhile is never overwritten.
 * @param {ViewContext} context
 */
export async function clientsView({ realm }) {
  const r = seg(realm);
  /** @type {ApiAnswer<ClientList>} */
  const first = await call('GET', `/realms/${r}/clients`);
  let etag = first.etag;
  const box = errorBox();
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

  /** @param {Client} c */
  const clientForm = (c) => {
    const path = `/realms/${r}/clients/${seg(c.clientId)}`;
    const uris = h('textarea', { rows: String(Math.max(2, c.redirectUris.length + 1)), text: c.redirectUris.join('\n'), dataset: { path: '/redirectUris' } });
    const save = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, `Save ${c.clientId}`);
    const overrides = Object.entries(c.flowOverrides || {});
    const form = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      /** @type {ClientUpdate} */
      const body = { redirectUris: urisOf(uris), flowOverrides: c.flowOverrides || {} };
      const res = await attempt(box, form, () => call('PUT', path, { body, etag }), save);
      if (res) {
        etag = res.etag || etag;
        announce(`Client ${c.clientId} saved.`);
      }
    } },
    field(`Redirect URIs of ${c.clientId} (one per line)`, uris, 'Absolute http(s) URIs, compared exactly at sign-in.').field,
    h('p', { text: overrides.length === 0 ? 'Flow overrides: none (the realm\'s bindings apply).' : `Flow overrides: ${overrides.map(([slot, flow]) => `${slot} → ${flow}`).join(', ')}.` },
      ' ', h('a', { href: `#/${r}/bindings` }, 'Change them on the bindings page')),
    h('div', { class: 'ad-actions' }, save, button(`Delete ${c.clientId}`, async (ev) => {
      if (!window.confirm(`Delete the client ${c.clientId}? Sign-ins it starts will be refused.`)) return;
      if (await attempt(box, null, () => call('DELETE', path, { etag }), ev.currentTarget)) reload();
    }, 'danger')));
    const heading = uid('client-h');
    return h('section', { 'aria-labelledby': heading, class: 'ad-node' }, h('h2', { id: heading, text: c.clientId }), form);
  };

  const newId = h('input', { type: 'text', autocomplete: 'off', dataset: { path: '/clientId' } });
  const newUris = h('textarea', { rows: '2', dataset: { path: '/redirectUris' } });
  const create = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Create client');
  const createForm = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    /** @type {ClientCreate} */
    const body = { clientId: newId.value.trim(), redirectUris: urisOf(newUris) };
    if (await attempt(box, createForm, () => call('POST', `/realms/${r}/clients`, { body }), create)) reload();
  } }, field('Client id', newId).field, field('Redirect URIs (one per line)', newUris).field, create);

  return [
    h('h1', { text: `Clients of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'Applications that send people here to sign in, and where they may be sent back to.' }),
    box,
    first.body.clients.length === 0 ? h('p', { text: 'This realm has no clients yet.' }) : first.body.clients.map(clientForm),
    h('section', { 'aria-labelledby': 'new-client-h' }, h('h2', { id: 'new-client-h', text: 'New client' }), createForm),
  ];
}
