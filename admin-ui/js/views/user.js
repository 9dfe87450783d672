// @ts-check
import { call, get, seg } from '../api.js';
import { announce, button, field, h, replace, table, when } from '../dom.js';
import { attempt, errorBox } from '../errors.js';
import { profileFields } from '../profile-fields.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').PasskeyList} PasskeyList */
/** @typedef {import('../api-types').PendingRequiredActionList} PendingRequiredActionList */
/** @typedef {import('../api-types').RevokedSessions} RevokedSessions */
/** @typedef {import('../api-types').User} User */
/** @typedef {import('../api-types').UserEdit} UserEdit */
/** @typedef {import('../api-types').UserProfile} UserProfile */
/** @typedef {import('../api-types').UserSession} UserSession */
/** @typedef {import('../api-types').UserSessionList} UserSessionList */

/**
 * One user: edit (If-Match), enable/disable, delete, pending required actions, their passkeys
 * (remove one), and their sessions (revoke one or all).
 * @param {ViewContext} context
 */
export async function userView({ realm, params }) {
  const r = seg(realm);
  const id = params[0];
  const path = `/realms/${r}/users/${seg(id)}`;
  /** @type {ApiAnswer<User>} */
  const first = await call('GET', path);
  const state = { user: first.body, etag: first.etag };
  const box = errorBox();
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

  const email = h('input', { type: 'email', value: state.user.email, dataset: { path: '/email' } });
  const verified = h('input', { type: 'checkbox', checked: state.user.emailVerified, dataset: { path: '/emailVerified' } });
  /** @type {ApiAnswer<UserProfile>} */
  const userProfile = await call('GET', `/realms/${r}/user-profile`);
  const profile = profileFields(userProfile.body.attributes, state.user.attributes);
  const save = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, 'Save user');
  const editForm = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    /** @type {UserEdit} */
    const body = { email: email.value.trim(), emailVerified: verified.checked, attributes: profile.read(true) };
    /** @type {ApiAnswer<User> | undefined} */
    const res = await attempt(box, editForm, () => call('PATCH', path, { body, etag: state.etag }), save);
    if (res) {
      state.user = res.body;
      state.etag = res.etag;
      announce('User saved.');
      // The form's values are now the stored ones: the next save sends only what changes after this.
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  } }, field('Email', email).field, field('Email verified', verified).field, profile.fields, save);

  const toggle = button(state.user.enabled ? 'Disable user' : 'Enable user', async (e) => {
    const res = await attempt(box, null, () => call('POST', `${path}/${state.user.enabled ? 'disable' : 'enable'}`), e.currentTarget);
    if (res) reload();
  }, state.user.enabled ? 'danger' : 'secondary');
  const del = button('Delete user', async (e) => {
    if (!window.confirm(`Delete ${state.user.email}?`)) return;
    const res = await attempt(box, null, () => call('DELETE', path), e.currentTarget);
    if (res) location.hash = `#/${r}/users`;
  }, 'danger');

  const [{ body: pending }, { body: sessions }, { body: passkeys }] = await Promise.all([
    /** @type {Promise<ApiAnswer<PendingRequiredActionList>>} */ (call('GET', `${path}/required-actions`)),
    /** @type {Promise<ApiAnswer<UserSessionList>>} */ (call('GET', `${path}/sessions`)),
    /** @type {Promise<ApiAnswer<PasskeyList>>} */ (call('GET', `${path}/passkeys`)),
  ]);
  // A lost or stolen device: its passkey stops signing anyone in; the person signs in by mail.
  const passkeyList = table(`Passkeys of ${state.user.email}`, [
    ['Name', (p) => p.label],
    ['Created', (p) => when(p.createdAt)],
    ['Last used', (p) => (p.lastUsedAt ? when(p.lastUsedAt) : 'never')],
    ['Synced', (p) => (p.multiDevice ? 'Yes' : 'No')],
    ['Actions', (p) => button('Remove', async (e) => {
      if (!window.confirm(`Remove the passkey “${p.label}”?`)) return;
      if (await attempt(box, null, () => call('DELETE', `${path}/passkeys/${seg(p.id)}`), e.currentTarget)) reload();
    }, 'danger', { 'aria-label': `Remove the passkey ${p.label}` })],
  ], passkeys.passkeys || []);
  const pendingList = table('Pending required actions', [
    ['Action', (a) => a.displayName || a.id],
    ['Runs in this realm', (a) => (a.enabled ? 'Yes' : 'No (not enabled)')],
    ['Actions', (a) => button(`Take ${a.id} off`, async (e) => {
      if (await attempt(box, null, () => call('DELETE', `${path}/required-actions/${seg(a.id)}`), e.currentTarget)) reload();
    })],
  ], pending.requiredActions || []);
  const addAction = h('input', { type: 'text' });
  const addForm = h('form', { class: 'ad-inline', onsubmit: async (e) => {
    e.preventDefault();
    if (await attempt(box, null, () => call('PUT', `${path}/required-actions/${seg(addAction.value.trim())}`))) reload();
  } }, field('Make a required action pending (id)', addAction).field, h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Add'));

  const sessionList = h('div', { id: 'sessions' });
  /** @param {UserSession[]} list */
  const drawSessions = (list) => replace(sessionList, table(`Active sessions of ${state.user.email}`, [
    ['Signed in', (s) => when(s.createdAt)],
    ['Last seen', (s) => when(s.lastSeenAt)],
    ['Method', (s) => s.method || '—'],
    ['IP', (s) => s.ip || '—'],
    ['Browser', (s) => s.userAgent || '—'],
    ['Actions', (s) => button('Revoke', async (e) => {
      if (await attempt(box, null, () => call('DELETE', `${path}/sessions/${seg(s.id)}`), e.currentTarget)) {
        announce('Session revoked.');
        /** @type {UserSessionList} */
        const now = await get(`${path}/sessions`);
        drawSessions(now.sessions);
      }
    }, 'danger', { 'aria-label': `Revoke the session signed in ${when(s.createdAt)}` })],
  ], list));
  drawSessions(sessions.sessions);
  const revokeAll = button('Revoke all sessions', async (e) => {
    /** @type {ApiAnswer<RevokedSessions> | undefined} */
    const res = await attempt(box, null, () => call('DELETE', `${path}/sessions`), e.currentTarget);
    if (res) {
      announce(`${res.body.revoked} sessions revoked.`);
      drawSessions([]);
    }
  }, 'danger');

  return [
    h('h1', { text: `User ${state.user.email}` }),
    h('p', {}, h('a', { href: `#/${r}/users` }, 'All users'), ' · ', h('a', { href: `#/${r}/events` }, 'Events')),
    h('p', { text: `Status: ${state.user.enabled ? 'enabled' : 'disabled'}. Created ${when(state.user.createdAt)}.` }),
    box,
    h('section', { 'aria-labelledby': 'edit-h' }, h('h2', { id: 'edit-h', text: 'Profile' }), editForm, h('div', { class: 'ad-actions' }, toggle, del)),
    h('section', { 'aria-labelledby': 'pending-h' }, h('h2', { id: 'pending-h', text: 'Pending required actions' }), pendingList, addForm),
    h('section', { 'aria-labelledby': 'passkeys-h' }, h('h2', { id: 'passkeys-h', text: 'Passkeys' }), passkeyList),
    h('section', { 'aria-labelledby': 'sessions-h' }, h('h2', { id: 'sessions-h', text: 'Sessions' }), sessionList, revokeAll),
  ];
}
