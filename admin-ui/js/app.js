// @ts-check
import { call, get, loadSession } from './api.js';
import { clearStatus, h, replace } from './dom.js';
import { errorBox, showError } from './errors.js';
import { ROUTES } from './routes.js';

/** @typedef {import('./api-types').RealmList} RealmList */

/**
 * The console: checks the session, draws the navigation and renders the view of the URL's hash
 * (`#/<realm>/<section>/…`, or `#/-/<section>` for views that belong to no realm).
 */
// index.html has them; a page without them is not the console.
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const account = /** @type {HTMLElement} */ (document.getElementById('account'));
/** @type {string[]} */
let realms = [];

async function start() {
  let session;
  try {
    session = await loadSession();
  } catch (err) {
    const box = errorBox();
    replace(main, h('h1', { text: 'Flowgate admin console' }), box);
    showError(box, err);
    return;
  }
  if (!session) return signInHint();
  replace(account, h('span', { text: `Signed in as ${session.user.email}` }), ' ',
    h('button', { type: 'button', class: 'fg-link-button', onclick: signOut }, 'Sign out'));
  /** @type {RealmList} */
  const list = await get('/realms');
  realms = list.realms.map((r) => r.name);
  window.addEventListener('hashchange', render);
  render();
}

function signInHint() {
  const back = `${location.origin}/admin/`;
  const login = `/realms/admin/login?client_id=admin-console&redirect_uri=${encodeURIComponent(back)}`;
  replace(main,
    h('h1', { text: 'Sign in to the admin console' }),
    h('p', { class: 'fg-lead', text: 'You are not signed in as an administrator.' }),
    h('p', {}, h('a', { href: login, class: 'fg-button fg-button--primary' }, 'Sign in as an administrator')),
    h('p', { class: 'fg-hint', text: 'Administrators are users of the realm "admin" with the role "admin". You get an email with a sign-in link or a code. On a new install, use the one-time link the server printed to its log at start (or run scripts/admin-link.js to print a new one).' }),
    h('p', {}, h('a', { href: '/admin/api/openapi.json' }, "The admin API's OpenAPI document")));
}

async function signOut() {
  await call('POST', '/session/logout').catch(() => undefined);
  location.assign('/admin/');
}

/**
 * The realm and section of the hash, with defaults.
 * @typedef {{ realm: string, section: string, rest: string[], global: boolean }} Place
 * @returns {Place}
 */
function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map((p) => decodeURIComponent(p));
  const fallback = realms.find((r) => r !== 'admin') || realms[0] || 'admin';
  const realm = parts[0] && parts[0] !== '-' ? parts[0] : fallback;
  return { realm, section: parts[1] || 'flows', rest: parts.slice(2), global: parts[0] === '-' };
}

/** @param {Place} current */
function drawNav(current) {
  /**
   * @param {string} realmPart
   * @param {string} section
   * @param {string} text
   */
  const link = (realmPart, section, text) => {
    const href = `#/${realmPart}/${section}`;
    const active = current.section === section && (realmPart === '-' || realmPart === encodeURIComponent(current.realm));
    return h('li', {}, h('a', { href, 'aria-current': active ? 'page' : undefined }, text));
  };
  const r = encodeURIComponent(current.realm);
  const picker = h('select', { id: 'realm-picker', class: 'fg-select', onchange: (e) => { location.hash = `#/${encodeURIComponent(e.currentTarget.value)}/${current.global ? 'flows' : current.section}`; } },
    realms.map((name) => h('option', { value: name, text: name, selected: name === current.realm })));
  replace(nav,
    h('div', { class: 'ad-realm' }, h('label', { for: 'realm-picker', text: 'Realm' }), picker),
    h('ul', {}, [
      ...ROUTES.filter((route) => route.nav && route.realm).map((route) => link(r, route.section, route.nav || '')),
      ...ROUTES.filter((route) => route.nav && !route.realm).map((route) => link('-', route.section, route.nav || '')),
    ]));
  nav.hidden = false;
}

/**
 * Whether a route's `sub` fits the path after the section: none, `*` (one id), or `*` then `sub`.
 * @param {string | undefined} sub
 * @param {string[]} rest
 */
function matches(sub, rest) {
  if (rest.length === 0) return !sub;
  if (rest.length === 1) return sub === '*';
  return sub === rest[1];
}

let rendering = 0;
/** @type {string | null} */
let shown = null;
async function render() {
  // A redraw of the same view (after a save) keeps the status bar; another view starts afresh.
  if (location.hash !== shown) clearStatus();
  shown = location.hash;
  const current = parseHash();
  drawNav(current);
  const route = ROUTES.find((r) => r.section === current.section && matches(r.sub, current.rest))
    || ROUTES.find((r) => r.section === current.section && !r.sub);
  const mine = ++rendering;
  const box = errorBox();
  let view;
  try {
    view = route ? await route.view({ realm: current.realm, params: current.rest }) : [h('h1', { text: 'Not found' }), h('p', { text: 'There is no such page.' })];
  } catch (err) {
    view = [h('h1', { text: 'Could not load this page' }), box];
    showError(box, err);
  }
  if (mine !== rendering) return;
  replace(main, view);
  document.title = `${(main.querySelector('h1') || {}).textContent || 'Admin'} — Flowgate admin`;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

start();
