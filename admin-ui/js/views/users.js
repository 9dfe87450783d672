// @ts-check
import { call, get, seg } from '../api.js';
import { field, h, replace, table } from '../dom.js';
import { attempt, errorBox } from '../errors.js';
import { profileFields } from '../profile-fields.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').User} User */
/** @typedef {import('../api-types').UserList} UserList */
/** @typedef {import('../api-types').UserCreate} UserCreate */
/** @typedef {import('../api-types').UserProfile} UserProfile */

/**
 * Users: search by email, list, and create a user.
 * @param {ViewContext} context
 */
export async function usersView({ realm }) {
  const r = seg(realm);
  const results = h('div', { 'aria-live': 'polite' });
  const query = h('input', { type: 'search', name: 'email' });
  const box = errorBox();
  const search = async () => {
    const q = query.value.trim();
    /** @type {UserList} */
    const { users } = await get(`/realms/${r}/users${q ? `?email=${encodeURIComponent(q)}` : ''}`);
    replace(results, table(`Users of ${realm}${q ? ` matching “${q}”` : ''}`, [
      ['Email', (u) => h('a', { href: `#/${r}/users/${seg(u.id)}` }, u.email)],
      ['Verified', (u) => (u.emailVerified ? 'Yes' : 'No')],
      ['Status', (u) => (u.enabled ? 'Enabled' : 'Disabled')],
      ['Pending actions', (u) => (u.requiredActions || []).join(', ') || 'none'],
    ], users));
  };
  const searchForm = h('form', { role: 'search', class: 'ad-inline', onsubmit: (e) => { e.preventDefault(); attempt(box, searchForm, search); } },
    field('Email contains', query).field, h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Search'));
  const email = h('input', { type: 'email', required: true, dataset: { path: '/email' } });
  const verified = h('input', { type: 'checkbox', dataset: { path: '/emailVerified' } });
  /** @type {UserProfile} */
  const userProfile = await get(`/realms/${r}/user-profile`);
  const profile = profileFields(userProfile.attributes);
  const create = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, 'Create user');
  const createForm = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const attributes = Object.fromEntries(Object.entries(profile.read(false)).filter(([, v]) => v !== null));
    /** @type {UserCreate} */
    const body = { email: email.value.trim(), emailVerified: verified.checked, attributes };
    /** @type {ApiAnswer<User> | undefined} */
    const res = await attempt(box, createForm, () => call('POST', `/realms/${r}/users`, { body }), create);
    if (res) location.hash = `#/${r}/users/${seg(res.body.id)}`;
  } }, field('Email', email).field, field('Email verified', verified).field,
  profile.fields, create);
  await search();
  return [
    h('h1', { text: `Users of ${realm}` }),
    box,
    h('section', { 'aria-labelledby': 'find-h' }, h('h2', { id: 'find-h', text: 'Find users' }), searchForm, results),
    h('section', { 'aria-labelledby': 'new-h' }, h('h2', { id: 'new-h', text: 'New user' }), createForm),
  ];
}
