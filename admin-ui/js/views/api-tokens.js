// @ts-check
import { call, get, seg } from '../api.js';
import { announce, button, field, h, replace, table, when } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../api-types').ApiTokenList} ApiTokenList */
/** @typedef {import('../api-types').ApiTokenCreate} ApiTokenCreate */
/** @typedef {import('../api-types').CreatedApiToken} CreatedApiToken */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */

/**
 * API tokens for automation (`Authorization: Bearer …`): create one (its secret is shown here
 * once and never again: only its hash is stored), list them with when they were last used, and
 * revoke them. A token acts as the administrator who created it.
 */
export async function apiTokensView() {
  const box = errorBox();
  const list = h('div');
  const created = h('div', { id: 'token-created' });
  const load = async () => {
    /** @type {ApiTokenList} */
    const { tokens } = await get('/tokens');
    replace(list, table('API tokens', [
      ['Name', (t) => t.name],
      ['Acts as', (t) => t.userEmail],
      ['Created', (t) => when(t.createdAt)],
      ['Last used', (t) => when(t.lastUsedAt)],
      ['Actions', (t) => button('Revoke', async (e) => {
        if (!window.confirm(`Revoke the token ${t.name}? Anything using it stops working at once.`)) return;
        if (await attempt(box, null, () => call('DELETE', `/tokens/${seg(t.id)}`), e.currentTarget)) {
          announce(`Token ${t.name} revoked.`);
          await load();
        }
      }, 'danger', { 'aria-label': `Revoke the token ${t.name}` })],
    ], tokens));
  };
  const name = h('input', { type: 'text', autocomplete: 'off', dataset: { path: '/name' } });
  const create = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, 'Create token');
  const form = h('form', { class: 'ad-inline', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    /** @type {ApiTokenCreate} */
    const body = { name: name.value.trim() };
    /** @type {ApiAnswer<CreatedApiToken> | undefined} */
    const res = await attempt(box, form, () => call('POST', '/tokens', { body }), create);
    if (!res) return;
    const secret = h('input', { type: 'text', readonly: true, value: res.body.secret, class: 'ad-code', size: '60' });
    replace(created, h('div', { class: 'fg-alert fg-alert--success' },
      h('h2', { id: 'secret-h', tabindex: '-1', text: `Token ${res.body.token.name} created` }),
      field('Secret (shown only now: copy it into your automation)', secret, 'Send it as Authorization: Bearer <secret>. Flowgate keeps only its hash.').field));
    name.value = '';
    created.querySelector('h2')?.focus();
    secret.select();
    await load();
  } }, field('Name (what uses it, e.g. ci-deploy)', name).field, create);
  await load();
  return [h('h1', { text: 'API tokens' }), h('p', { class: 'fg-lead', text: 'Tokens let scripts and CI call the admin API as you.' }), box, form, created, list];
}
