// @ts-check
import { call, seg } from '../api.js';
import { announce, button, field, h, replace, uid } from '../dom.js';
import { attempt, errorBox } from '../errors.js';
import { clientSettings, secretPanel } from './client-settings.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').Client} Client */
/** @typedef {import('../api-types').ClientList} ClientList */
/** @typedef {import('../api-types').ClientCreate} ClientCreate */
/** @typedef {import('../api-types').ClientSecret} ClientSecret */

/**
 * What the client's secret is, in words.
 * @param {Client} c
 */
function secretStatus(c) {
  if (c.type !== 'confidential') return 'Secret: none (a public client proves nothing with a secret).';
  if (c.secretEnv) return `Secret: read from the environment variable ${c.secretEnv}.`;
  return c.hasSecret ? 'Secret: kept by Flowgate, sealed; it cannot be shown again, only replaced.' : 'Secret: none yet; regenerate it to make one.';
}

/**
 * Clients of the realm: each one's settings (type, redirect URIs, and the OpenID Connect settings
 * in a collapsed section) and flow overrides (set on the bindings page); create, save, delete. A
 * confidential client's secret is shown once, when it is made or regenerated, with a copy button.
 * Every write sends the realm's version (If-Match), so a change someone else saved meanwhile is
 * never overwritten.
 * @param {ViewContext} context
 */
export async function clientsView({ realm }) {
  const r = seg(realm);
  /** @type {string | undefined} */
  let etag;
  const box = errorBox();
  const list = h('div');
  // Where a secret appears once: near the top, focused, until the page is left or reloaded.
  const shown = h('div', { id: 'client-secret' });
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

  /**
   * @param {string} clientId
   * @param {string} secret
   */
  const showSecret = (clientId, secret) => {
    const { panel, heading } = secretPanel(clientId, secret);
    replace(shown, panel);
    heading.focus();
  };

  /** @param {Client} c */
  const clientForm = (c) => {
    const path = `/realms/${r}/clients/${seg(c.clientId)}`;
    const settings = clientSettings(c, ` of ${c.clientId}`);
    const save = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, `Save ${c.clientId}`);
    const overrides = Object.entries(c.flowOverrides || {});
    const status = h('p', { text: secretStatus(c) });
    const regenerate = button(`Regenerate secret of ${c.clientId}`, async (ev) => {
      if (!window.confirm(`Replace the secret of ${c.clientId}? The old one stops working at once; the application needs the new one.`)) return;
      /** @type {ApiAnswer<ClientSecret> | undefined} */
      const res = await attempt(box, null, () => call('POST', `${path}/secret`), ev.currentTarget);
      if (res) showSecret(c.clientId, res.body.secret);
    });
    /** @param {Client} now */
    const showState = (now) => {
      status.textContent = secretStatus(now);
      regenerate.hidden = now.type !== 'confidential' || Boolean(now.secretEnv);
    };
    showState(c);
    const form = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const body = { ...settings.body(), flowOverrides: c.flowOverrides || {} };
      /** @type {ApiAnswer<Client> | undefined} */
      const res = await attempt(box, form, () => call('PUT', path, { body, etag }), save);
      if (!res) return;
      etag = res.etag || etag;
      showState(res.body);
      announce(`Client ${c.clientId} saved.`);
      if (res.body.secret) showSecret(c.clientId, res.body.secret);
    } },
    settings.controls,
    h('p', { text: overrides.length === 0 ? 'Flow overrides: none (the realm\'s bindings apply).' : `Flow overrides: ${overrides.map(([slot, flow]) => `${slot} → ${flow}`).join(', ')}.` },
      ' ', h('a', { href: `#/${r}/bindings` }, 'Change them on the bindings page')),
    status,
    h('div', { class: 'ad-actions' }, save, regenerate, button(`Delete ${c.clientId}`, async (ev) => {
      if (!window.confirm(`Delete the client ${c.clientId}? Sign-ins it starts will be refused.`)) return;
      if (await attempt(box, null, () => call('DELETE', path, { etag }), ev.currentTarget)) reload();
    }, 'danger')));
    const heading = uid('client-h');
    return h('section', { 'aria-labelledby': heading, class: 'ad-node' }, h('h2', { id: heading, text: c.clientId }), form);
  };

  const load = async () => {
    /** @type {ApiAnswer<ClientList>} */
    const answer = await call('GET', `/realms/${r}/clients`);
    etag = answer.etag;
    replace(list, answer.body.clients.length === 0 ? h('p', { text: 'This realm has no clients yet.' }) : answer.body.clients.map(clientForm));
  };

  const newId = h('input', { type: 'text', autocomplete: 'off', dataset: { path: '/clientId' } });
  const newSettings = clientSettings(undefined, '');
  const create = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Create client');
  const createForm = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    /** @type {ClientCreate} */
    const body = { clientId: newId.value.trim(), ...newSettings.body() };
    /** @type {ApiAnswer<Client> | undefined} */
    const res = await attempt(box, createForm, () => call('POST', `/realms/${r}/clients`, { body }), create);
    if (!res) return;
    createForm.reset();
    await load();
    if (res.body.secret) showSecret(res.body.clientId, res.body.secret);
    else announce(`Client ${res.body.clientId} created.`);
  } }, field('Client id', newId).field, newSettings.controls, create);

  await load();
  return [
    h('h1', { text: `Clients of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'Applications that send people here to sign in, and where they may be sent back to.' }),
    box,
    shown,
    list,
    h('section', { 'aria-labelledby': 'new-client-h' }, h('h2', { id: 'new-client-h', text: 'New client' }), createForm),
  ];
}
